// Nodes in the projection.

import { sameName } from "../../model/names";
import { applyPropChange } from "../propchange";
import type { EffectTable } from "./kind";
import { noEffect } from "./kind";

export const nodeEffects: EffectTable<"createNode" | "modifyNode" | "deleteNode" | "waitNodeGone" | "assertNodeEmpty"> = {
  createNode: {
    project: (state, step) => {
      state.nodes.push({
        name: step.node.name, type: step.node.type ?? "SATELLITE", address: step.node.address,
        connectionStatus: "ONLINE", flags: [], props: { ...(step.node.props ?? {}) },
      });
    },
  },
  modifyNode: { project: (state, step) => state.change(state.node(step.name), (n) => applyPropChange(n.props, step.props)) },
  deleteNode: {
    project: (state, step) => {
      state.removeWhere(state.nodes, (n) => sameName(n.name, step.name));
      state.removeWhere(state.storagePools, (p) => sameName(p.node, step.name));
      state.resources = state.resources.filter((r) => !sameName(r.node, step.name));
    },
    settledBy: (step) => ({ op: "waitNodeGone", name: step.name, description: `wait until the controller reports node ${step.name} gone` }),
  },
  waitNodeGone: noEffect,
  assertNodeEmpty: noEffect,
};
