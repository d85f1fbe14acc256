// Node steps.

import { WaitFailedError } from "../errors";
import { waitNodeGone } from "../waits";
import { createOrVerify, deleted, diff, done, RunnerTable, same, waited } from "./kind";

export const nodeRunners: RunnerTable<"createNode" | "modifyNode" | "deleteNode" | "waitNodeGone" | "assertNodeEmpty"> = {
  createNode: {
    target: (s) => ({ node: s.node.name }),
    declares: (w, s) => w.declareNode(s.node.name),
    run: (api, { node: n }) => createOrVerify(() => api.nodes.create(n), async () => {
      const have = await api.nodes.read(n.name);
      const out: string[] = [];
      diff(out, "type", (n.type ?? "SATELLITE").toUpperCase(), have?.type.toUpperCase());
      diff(out, "address", n.address, have?.address);
      if (n.port !== undefined) diff(out, "satellite port", n.port, have?.port);
      return out;
    }, `node ${n.name}`),
  },
  modifyNode: { target: (s) => ({ node: s.name }), run: async (api, s) => done(await api.nodes.setProps(s.name, s.props)) },
  deleteNode: { target: (s) => ({ node: s.name }), run: async (api, s) => deleted(await api.nodes.delete(s.name)) },
  waitNodeGone: { target: (s) => ({ node: s.name }), run: (_api, s, ctx) => waited(waitNodeGone(ctx, s.name)) },
  assertNodeEmpty: {
    target: (s) => ({ node: s.name }),
    run: async (api, s) => {
      const [replicas, snapshots] = await Promise.all([api.replicas.onNode(s.name), api.snapshots.onNode(s.name)]);
      const held = [
        ...replicas.map((r) => `replica of ${r.resource}`),
        ...snapshots.filter((x) => x.nodes.some((n) => same(n, s.name))).map((x) => `snapshot ${x.name} of ${x.resource}`),
      ];
      if (held.length) throw new WaitFailedError(`node ${s.name} still holds ${held.join(", ")}`);
      return done([]);
    },
  },
};
