// Storage pools in the projection.

import { sameName } from "../../model/names";
import { applyPropChange } from "../propchange";
import type { EffectTable } from "./kind";

export const poolEffects: EffectTable<"createStoragePool" | "modifyStoragePool" | "deleteStoragePool"> = {
  createStoragePool: {
    project: (state, { pool }) => {
      state.storagePools.push({
        node: pool.node, name: pool.name, providerKind: pool.providerKind, backingPool: pool.backingPool,
        props: { ...(pool.props ?? {}) }, thin: pool.providerKind.endsWith("_THIN"),
        supportsSnapshots: !["LVM", "DISKLESS"].includes(pool.providerKind),
      });
    },
  },
  modifyStoragePool: { project: (state, step) => state.change(state.pool(step.node, step.name), (p) => applyPropChange(p.props, step.props)) },
  deleteStoragePool: {
    project: (state, step) => state.removeWhere(state.storagePools, (p) => sameName(p.node, step.node) && sameName(p.name, step.name)),
  },
};
