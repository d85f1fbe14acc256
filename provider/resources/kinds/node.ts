// Node: a LINSTOR satellite (or combined/controller) node with its default net interface.

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { nodeDeclaration } from "../../model/kinds";
import { nameKey, sameName } from "../../model/names";
import type { LiveCluster, LiveNode, NodeSshSpec } from "../../model/types";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";
import { dropUndefined, managedPropsView } from "./fields";
import { completeSsh, hasCredentials, sshLibrary } from "./node-host";

/** The ssh block completed: the host defaults to the node's address. */
export type NodeInputs = Omit<InputsOf<typeof nodeDeclaration>, "ssh"> & { ssh?: NodeSshSpec };
type Outputs = OutputsOf<typeof nodeDeclaration>;
type HostKey = "drbdVersion" | "drbdKernelVersion" | "hostKeyFingerprint" | "satelliteActive";
export type NodeOutputs = Omit<Outputs, HostKey>;
/** Outputs from the node's host (only with an ssh block). */
export type NodeHostOutputs = Pick<Outputs, HostKey>;

const HOST_FACT_KEYS: readonly HostKey[] = ["drbdVersion", "drbdKernelVersion", "hostKeyFingerprint", "satelliteActive"];

function liveNode(inputs: NodeInputs, live: LiveCluster): LiveNode | undefined {
  return live.nodes.find((n) => sameName(n.name, inputs.name));
}

export const nodeKind: KindDescriptor<NodeInputs, NodeOutputs> = declaredKind(nodeDeclaration, {
  complete: (i, _raw, report) => (i.ssh ? { ...i, ssh: completeSsh(i.ssh, i.address, report) } : i),
  ref: (i) => ({ kind: "Node", name: i.name }),
  desired: (i) => ({ nodes: [specOf(nodeDeclaration, i, "ssh")] }),
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
});
