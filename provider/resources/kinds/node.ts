// Node: a LINSTOR satellite (or combined/controller) node with its default net interface.

import { nameKey, sameName } from "../../model/names";
import type { LiveCluster, LiveNode, NodeType } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";

export interface NodeInputs extends CommonInputs {
  name: string;
  type?: NodeType;
  address: string;
  port?: number;
  encryption?: "PLAIN" | "SSL";
  onRemove?: "evacuate" | "refuse";
}

export interface NodeOutputs {
  connectionStatus: string;
  nodeType: string;
  flags: string[];
}

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
};
