// ResourceDefinition: the cluster-wide definition a volume set and its replicas hang off.

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { resourceDefinitionDeclaration } from "../../model/kinds";
import { sameName } from "../../model/names";
import { PLACES_REPLICAS_INPUT } from "../../model/props";
import type { LiveCluster, LiveResourceDefinition } from "../../model/types";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";
import { dropUndefined, managedPropsView } from "./fields";

export type ResourceDefinitionInputs = InputsOf<typeof resourceDefinitionDeclaration>;
export type ResourceDefinitionOutputs = OutputsOf<typeof resourceDefinitionDeclaration>;

export function liveDefinition(name: string, live: LiveCluster): LiveResourceDefinition | undefined {
  return live.resourceDefinitions.find((d) => sameName(d.name, name));
}

export const resourceDefinitionKind: KindDescriptor<ResourceDefinitionInputs, ResourceDefinitionOutputs> = declaredKind(resourceDefinitionDeclaration, {
  ref: (i) => ({ kind: "ResourceDefinition", name: i.name }),
  desired: (i, _previous, bookkeeping) => ({
    resourceDefinitions: [specOf(resourceDefinitionDeclaration, i)],
    // The stack declares this definition's replica set as a resource of its own (see declare.ts).
    ...(bookkeeping?.[PLACES_REPLICAS_INPUT] === true ? { replicasPlacedElsewhere: [i.name] } : {}),
  }),
  // Nothing a definition plans depends on the pools' free capacity.
  scope: (i) => ({ resources: [i.name], capacity: "cached" }),
  observedLists: ["definitions"],
  exists: (i, live) => liveDefinition(i.name, live) !== undefined,
  adoptMismatch(i, live) {
    const d = liveDefinition(i.name, live);
    if (!d || !i.layerStack || d.layerStack.length === 0) return [];
    return d.layerStack.join(",") === i.layerStack.join(",") ? [] : [`layer stack is ${d.layerStack.join(",")}, the inputs say ${i.layerStack.join(",")}`];
  },
  observe(i, live) {
    const d = liveDefinition(i.name, live);
    return d && { flags: d.flags, actualLayerStack: d.layerStack, volumeNumbers: d.volumes.map((v) => v.number) };
  },
  liveInputs(i, live) {
    const d = liveDefinition(i.name, live);
    if (!d) return i;
    return dropUndefined({ ...i, resourceGroup: i.resourceGroup === undefined ? undefined : d.resourceGroup, props: managedPropsView(i.props, d.props) });
  },
});
