// Storage pool steps.

import { createOrVerify, deleted, diff, done, RunnerTable } from "./kind";

export const poolRunners: RunnerTable<"createStoragePool" | "modifyStoragePool" | "deleteStoragePool"> = {
  createStoragePool: {
    target: (s) => ({ node: s.pool.node }),
    declares: (w, { pool: p }) => w.declarePool(p.node, p.name, p.providerKind),
    run: (api, { pool: p }) => createOrVerify(() => api.pools.create(p), async () => {
      const have = await api.pools.read(p.node, p.name);
      const out: string[] = [];
      diff(out, "provider kind", p.providerKind, have?.providerKind);
      if (p.backingPool) diff(out, "backing pool", p.backingPool, have?.backingPool);
      return out;
    }, `storage pool ${p.name} on ${p.node}`),
  },
  modifyStoragePool: { target: (s) => ({ node: s.node }), run: async (api, s) => done(await api.pools.setProps(s.node, s.name, s.props)) },
  deleteStoragePool: { target: (s) => ({ node: s.node }), run: async (api, s) => deleted(await api.pools.delete(s.node, s.name)) },
};
