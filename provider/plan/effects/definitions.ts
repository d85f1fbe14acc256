// Resource groups, resource definitions and volume definitions in the projection.

import { sameName } from "../../model/names";
import { applyPropChange } from "../propchange";
import type { EffectTable } from "./kind";
import { noEffect } from "./kind";
import { newVolume } from "./replicas";

type DefinitionKinds =
  | "createResourceGroup" | "modifyResourceGroup" | "deleteResourceGroup"
  | "createResourceDefinition" | "modifyResourceDefinition" | "deleteResourceDefinition" | "waitDefinitionGone"
  | "createVolumeDefinition" | "resizeVolumeDefinition" | "modifyVolumeDefinition" | "deleteVolumeDefinition";

export const definitionEffects: EffectTable<DefinitionKinds> = {
  createResourceGroup: {
    project: (state, { group }) => {
      state.resourceGroups.push({ name: group.name, description: group.description, placement: { ...(group.placement ?? {}) }, props: { ...(group.props ?? {}) } });
    },
  },
  modifyResourceGroup: {
    project: (state, step) => state.change(state.group(step.name), (g) => {
      if (step.groupDescription !== undefined) g.description = step.groupDescription;
      if (step.placement !== undefined) g.placement = { ...step.placement };
      applyPropChange(g.props, step.props);
    }),
  },
  deleteResourceGroup: { project: (state, step) => state.removeWhere(state.resourceGroups, (g) => sameName(g.name, step.name)) },
  createResourceDefinition: {
    project: (state, { definition: d }) => {
      state.resourceDefinitions.push({ name: d.name, resourceGroup: d.resourceGroup, layerStack: d.layerStack ?? [], props: { ...(d.props ?? {}) }, flags: [], volumes: [] });
    },
  },
  modifyResourceDefinition: {
    project: (state, step) => state.change(state.definition(step.name), (d) => {
      applyPropChange(d.props, step.props);
      if (step.resourceGroup !== undefined) d.resourceGroup = step.resourceGroup;
    }),
  },
  deleteResourceDefinition: {
    project: (state, step) => {
      state.removeWhere(state.resourceDefinitions, (d) => sameName(d.name, step.name));
      state.resources = state.resources.filter((r) => !sameName(r.resource, step.name));
      state.snapshots = state.snapshots.filter((s) => !sameName(s.resource, step.name));
    },
    settledBy: (step) => ({ op: "waitDefinitionGone", name: step.name, description: `wait until the controller reports resource definition ${step.name} gone` }),
  },
  waitDefinitionGone: noEffect,
  createVolumeDefinition: {
    project: (state, { volume }) => state.change(state.definition(volume.resource), (d) => {
      d.volumes.push({ number: volume.number, sizeKib: volume.sizeKib, props: { ...(volume.props ?? {}) }, flags: [] });
      // A volume added to an existing resource comes up with it; it does not make old replicas stale.
      for (const r of state.replicas(d.name)) r.volumes.push(newVolume(volume.number, r.diskless, true));
    }),
  },
  resizeVolumeDefinition: {
    project: (state, step) => state.change(state.volumeDefinition(step.resource, step.number), (v) => { v.sizeKib = step.sizeKib; }),
  },
  modifyVolumeDefinition: {
    project: (state, step) => state.change(state.volumeDefinition(step.resource, step.number), (v) => applyPropChange(v.props, step.props)),
  },
  deleteVolumeDefinition: {
    project: (state, step) => state.change(state.definition(step.resource), (d) => {
      state.removeWhere(d.volumes, (v) => v.number === step.number);
      for (const r of state.replicas(d.name)) state.removeWhere(r.volumes, (v) => v.number === step.number);
    }),
  },
};
