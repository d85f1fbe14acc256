// Resource group, resource definition and volume definition steps.

import { anyIs, Masks } from "../../client/rc";
import { formatKib } from "../../model/sizes";
import type { PlacementSpec } from "../../model/types";
import { waitDefinitionGone } from "../waits";
import { createOrVerify, deleted, diff, done, RunnerTable, waited } from "./kind";

type DefinitionKinds =
  | "createResourceGroup" | "modifyResourceGroup" | "deleteResourceGroup"
  | "createResourceDefinition" | "modifyResourceDefinition" | "deleteResourceDefinition" | "waitDefinitionGone"
  | "createVolumeDefinition" | "resizeVolumeDefinition" | "modifyVolumeDefinition" | "deleteVolumeDefinition";

function placementDiffs(want: PlacementSpec | undefined, have: PlacementSpec): string[] {
  const out: string[] = [];
  if (!want) return out;
  for (const k of Object.keys(want) as (keyof PlacementSpec)[]) diff(out, `placement.${k}`, want[k], have[k]);
  return out;
}

const noTarget = () => ({});

export const definitionRunners: RunnerTable<DefinitionKinds> = {
  createResourceGroup: {
    target: noTarget,
    run: (api, { group: g }) => createOrVerify(() => api.groups.create(g), async () => {
      const have = await api.groups.read(g.name);
      const out = placementDiffs(g.placement, have?.placement ?? {});
      if (g.description !== undefined) diff(out, "description", g.description, have?.description ?? "");
      return out;
    }, `resource group ${g.name}`),
  },
  modifyResourceGroup: {
    target: noTarget,
    run: async (api, s) => done(await api.groups.modify(s.name, { props: s.props, description: s.groupDescription, placement: s.placement })),
  },
  deleteResourceGroup: { target: noTarget, run: async (api, s) => deleted(await api.groups.delete(s.name)) },
  createResourceDefinition: {
    target: (s) => ({ resource: s.definition.name }),
    run: (api, { definition: d }) => createOrVerify(() => api.definitions.create(d), async () => {
      const have = await api.definitions.read(d.name);
      const out: string[] = [];
      if (d.resourceGroup) diff(out, "resource group", d.resourceGroup, have?.resourceGroup);
      const stack = have?.layerStack ?? [];
      // An empty live stack is fixed by the first replica; only a set, different one conflicts.
      if (d.layerStack?.length && stack.length) diff(out, "layer stack", d.layerStack.map((l) => l.toUpperCase()), stack);
      return out;
    }, `resource definition ${d.name}`),
  },
  modifyResourceDefinition: {
    target: (s) => ({ resource: s.name }),
    run: async (api, s) => done(await api.definitions.modify(s.name, { props: s.props, resourceGroup: s.resourceGroup })),
  },
  deleteResourceDefinition: { target: (s) => ({ resource: s.name }), run: async (api, s) => deleted(await api.definitions.delete(s.name)) },
  waitDefinitionGone: { target: (s) => ({ resource: s.name }), run: (_api, s, ctx) => waited(waitDefinitionGone(ctx, s.name)) },
  createVolumeDefinition: {
    target: (s) => ({ resource: s.volume.resource }),
    declares: (w, { volume: v }) => w.setSize(v.resource, v.number, v.sizeKib),
    run: (api, { volume: v }) => createOrVerify(() => api.volumes.create(v), async () => {
      const have = await api.volumes.read(v.resource, v.number);
      return have?.sizeKib !== v.sizeKib ? [`size is ${have ? formatKib(have.sizeKib) : "unset"}, wanted ${formatKib(v.sizeKib)}`] : [];
    }, `volume ${v.number} of ${v.resource}`),
  },
  resizeVolumeDefinition: {
    target: (s) => ({ resource: s.resource }),
    declares: (w, s) => w.setSize(s.resource, s.number, s.sizeKib),
    run: async (api, s) => {
      const rcs = await api.volumes.resize(s.resource, s.number, s.sizeKib);
      return { rcs, already: anyIs(rcs, Masks.WARN_VLMDFN_RESIZE_SAME_SIZE) };
    },
  },
  modifyVolumeDefinition: {
    target: (s) => ({ resource: s.resource }),
    run: async (api, s) => done(await api.volumes.setProps(s.resource, s.number, s.props)),
  },
  deleteVolumeDefinition: { target: (s) => ({ resource: s.resource }), run: async (api, s) => deleted(await api.volumes.delete(s.resource, s.number)) },
};
