// ResourceGroup: defaults (placement, props) that definitions inherit and spawn from.

import { sameName } from "../../model/names";
import type { LiveCluster, LiveResourceGroup, PlacementSpec } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";
import { readPlacement } from "./placement";

export interface ResourceGroupInputs extends CommonInputs {
  name: string;
  description?: string;
  placement?: PlacementSpec;
}

export type ResourceGroupOutputs = { placeCount?: number };

function liveGroup(i: ResourceGroupInputs, live: LiveCluster): LiveResourceGroup | undefined {
  return live.resourceGroups.find((g) => sameName(g.name, i.name));
}

export const resourceGroupKind: KindDescriptor<ResourceGroupInputs, ResourceGroupOutputs> = {
  kind: "ResourceGroup",
  replaceOn: ["name"],
  ignoreInDiff: ["adopt", "timeouts"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const p = f.object("placement");
    const inputs = dropUndefined<ResourceGroupInputs>({
      name: f.name("name", "resourceGroup"),
      description: f.string("description"),
      placement: readPlacement(p, false),
      props: f.props(),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
    });
    f.absorb(p);
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "ResourceGroup", name: i.name }),
  desired: (i) => ({ resourceGroups: [dropUndefined({ name: i.name, description: i.description, placement: i.placement, props: i.props })] }),
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
};
