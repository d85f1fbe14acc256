// Node: a LINSTOR satellite (or combined/controller) node with its default net interface.

import { f, type KindDeclaration } from "../declaration";
import { ENCRYPTION_TYPES, NODE_TYPES, ON_REMOVE } from "../types";
import { lifecycleInputs, propsField, sshField } from "./shared";

export const nodeDeclaration = {
  kind: "Node",
  doc: "A LINSTOR node (usually a satellite) and its default net interface.",
  idFormat: "<name>",
  inputs: {
    name: f.name("node", "Node name as the satellite knows itself (hostname rules; case-insensitive).",
      { required: true, replaceOnChange: true, title: "node name", example: "vulcan" }),
    type: f.enum(NODE_TYPES, "LINSTOR node type. Changing it replaces the node.",
      { replaceOnChange: true, default: "SATELLITE", title: "node type", example: "SATELLITE" }),
    address: f.string("IP address (or resolvable host name) of the node's default net interface, where the controller reaches the satellite.",
      { required: true, pattern: "^[A-Za-z0-9.:-]+$", patternHint: "not an address: an IP address or host name", title: "address", example: "10.43.70.1" }),
    port: f.integer(1, 65535, "Satellite port; default 3366 (PLAIN) or 3367 (SSL).", { title: "satellite port", example: 3366 }),
    encryption: f.enum(ENCRYPTION_TYPES, "Connection type between controller and satellite.", { title: "satellite encryption", default: "PLAIN", example: "PLAIN" }),
    onRemove: f.enum(ON_REMOVE, "What removing this node does while it still holds replicas: `refuse` (the plan fails and names them) or " +
      "`evacuate` (move its replicas away, wait for resync, then delete).", { notCompared: true, default: "refuse", title: "on remove", example: "evacuate" }),
    ssh: sshField,
    props: propsField,
    ...lifecycleInputs,
  },
  outputs: {
    connectionStatus: f.string("ONLINE, OFFLINE, ... as the controller reports it.", { required: true, example: "ONLINE" }),
    nodeType: f.string("The node type the controller reports.", { required: true, example: "SATELLITE" }),
    flags: f.list(f.string("A flag."), "The node's flags as the controller reports them.", { required: true, example: [] }),
    drbdVersion: f.string("From the host (with ssh): drbd-utils version.", { example: "9.27.0" }),
    drbdKernelVersion: f.string("From the host (with ssh): loaded DRBD kernel module version.", { example: "9.2.8" }),
    hostKeyFingerprint: f.string("From the host (with ssh): the host key the connection was verified with (pin it when trust-on-first-use accepted it).",
      { example: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" }),
    satelliteActive: f.boolean("From the host (with ssh): whether the satellite service is active.", { example: true }),
  },
} as const satisfies KindDeclaration;
