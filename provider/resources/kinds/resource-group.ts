// ResourceGroup: defaults (placement, props) that definitions inherit and spawn from.

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { resourceGroupDeclaration } from "../../model/kinds";
import { sameName } from "../../model/names";
import type { LiveCluster, LiveResourceGroup } from "../../model/types";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";
import { dropUndefined, managedPropsView } from "./fields";

export type ResourceGroupInputs = InputsOf<typeof resourceGroupDeclaration>;
export type ResourceGroupOutputs = OutputsOf<typeof resourceGroupDeclaration>;

function liveGroup(i: ResourceGroupInputs, live: LiveCluster): LiveResourceGroup | undefined {
  return live.resourceGroups.find((g) => sameName(g.name, i.name));
}

export const resourceGroupKind: KindDescriptor<ResourceGroupInputs, ResourceGroupOutputs> = declaredKind(resourceGroupDeclaration, {
  ref: (i) => ({ kind: "ResourceGroup", name: i.name }),
  desired: (i) => ({ resourceGroups: [specOf(resourceGroupDeclaration, i)] }),
  scope: (i) => ({ resourceGroups: [i.name] }),
  exists: (i, live) => liveGroup(i, live) !== undefined,
  observe(i, live) {
    const g = liveGroup(i, live);
    return g && dropUndefined({ placeCount: g.placement.placeCount });
  },
  liveInputs(i, live) {
    const g = liveGroup(i, live);
    if (!g) return i;
    return dropUndefined({ ...i, description: g.description ?? i.description, props: managedPropsView(i.props, g.props) });
  },
});
