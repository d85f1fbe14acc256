// Node: a LINSTOR satellite (or combined/controller) node with its default net interface.

import { nameKey, sameName } from "../../model/names";
import type { LiveCluster, LiveNode, NodeSshSpec, NodeType } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";
import { hasCredentials, readSsh, SSH_SECRET_INPUTS, sshLibrary } from "./host";

export interface NodeInputs extends CommonInputs {
  name: string;
  type?: NodeType;
  address: string;
  port?: number;
  encryption?: "PLAIN" | "SSL";
  onRemove?: "evacuate" | "refuse";
  /** The host over SSH: checked before the node is registered (or updated), asked for facts. */
  ssh?: NodeSshSpec;
}

export interface NodeOutputs {
  connectionStatus: string;
  nodeType: string;
  flags: string[];
}

/** Outputs from the node's host (only with an ssh block). */
export interface NodeHostOutputs {
  /** drbd-utils version, e.g. 9.27.0. */
  drbdVersion?: string;
  /** Loaded DRBD kernel module version, e.g. 9.2.8. */
  drbdKernelVersion?: string;
  /** The host key the connection was verified with, `SHA256:...` (pin it when trust-on-first-use accepted it). */
  hostKeyFingerprint: string;
  satelliteActive: boolean;
}

const HOST_FACT_KEYS = ["drbdVersion", "drbdKernelVersion", "hostKeyFingerprint", "satelliteActive"] as const;

const NODE_TYPES = ["SATELLITE", "COMBINED", "CONTROLLER", "AUXILIARY"] as const;

function liveNode(inputs: NodeInputs, live: LiveCluster): LiveNode | undefined {
  return live.nodes.find((n) => sameName(n.name, inputs.name));
}

export const nodeKind: KindDescriptor<NodeInputs, NodeOutputs> = {
  kind: "Node",
  replaceOn: ["name", "type"],
  ignoreInDiff: ["adopt", "timeouts", "onRemove"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const inputs = dropUndefined<NodeInputs>({
      name: f.name("name", "node"),
      type: f.oneOf("type", NODE_TYPES),
      address: f.string("address", true) ?? "",
      port: f.integer("port", 1, 65535),
      encryption: f.oneOf("encryption", ["PLAIN", "SSL"] as const),
      onRemove: f.oneOf("onRemove", ["evacuate", "refuse"] as const),
      props: f.props(),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
      ssh: readSsh(f, typeof raw.address === "string" && raw.address !== "" ? raw.address : undefined),
    });
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "Node", name: i.name }),
  desired: (i) => ({ nodes: [dropUndefined({ name: i.name, type: i.type, address: i.address, port: i.port, encryption: i.encryption, props: i.props, onRemove: i.onRemove })] }),
  planOptions: (i) => ({ nodeOnRemove: { [nameKey(i.name)]: i.onRemove ?? "refuse" } }),
  scope: () => ({}),
  exists: (i, live) => liveNode(i, live) !== undefined,
  adoptMismatch(i, live) {
    const n = liveNode(i, live);
    const out: string[] = [];
    if (n?.address && n.address !== i.address) out.push(`address is ${n.address}, the inputs say ${i.address}`);
    if (n && i.type && n.type.toUpperCase() !== i.type) out.push(`type is ${n.type}, the inputs say ${i.type}`);
    return out;
  },
  observe(i, live) {
    const n = liveNode(i, live);
    return n && { connectionStatus: n.connectionStatus, nodeType: n.type, flags: n.flags };
  },
  liveInputs(i, live) {
    const n = liveNode(i, live);
    if (!n) return i;
    return dropUndefined({ ...i, address: n.address ?? i.address, props: managedPropsView(i.props, n.props) });
  },
  secretInputs: SSH_SECRET_INPUTS,
  host: {
    // Refuse to register (or change) a node whose host is not ready: one error lists all that is missing.
    async before(i) {
      if (!i.ssh) return undefined;
      const report = await (await sshLibrary()).verifyNodeHost(i.ssh);
      const drbd = report.drbd.utils ? `, drbd-utils ${report.drbd.utils}` : "";
      return `host ${report.target} ready: ${report.satellite.service} active, ${report.drbdadm}${drbd}, host key ${report.hostKey.fingerprint} (${report.hostKey.verifiedBy})`;
    },
    async facts(i): Promise<Record<string, unknown> | undefined> {
      if (!i.ssh || !hasCredentials(i.ssh)) return undefined;
      const facts = await (await sshLibrary()).readHostFacts(i.ssh);
      return dropUndefined<NodeHostOutputs>({
        drbdVersion: facts.drbd.utils,
        drbdKernelVersion: facts.drbd.kernel,
        hostKeyFingerprint: facts.hostKey.fingerprint,
        satelliteActive: facts.satelliteActive,
      }) as unknown as Record<string, unknown>;
    },
    factKeys: HOST_FACT_KEYS,
  },
};
