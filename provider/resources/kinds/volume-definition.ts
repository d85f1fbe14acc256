// VolumeDefinition: one volume of a definition; growing it resizes every replica.

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { volumeDefinitionDeclaration } from "../../model/kinds";
import { formatKib, parseSizeKib } from "../../model/sizes";
import type { LiveCluster, LiveVolumeDefinition } from "../../model/types";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";
import { dropUndefined, managedPropsView } from "./fields";
import { liveDefinition } from "./resource-definition";

/** `size` stays as written; `sizeKib` is what counts ("150m" and "153600K" are the same). */
export type VolumeDefinitionInputs = InputsOf<typeof volumeDefinitionDeclaration> & { number: number; sizeKib: number };
export type VolumeDefinitionOutputs = OutputsOf<typeof volumeDefinitionDeclaration>;

function liveVolume(i: VolumeDefinitionInputs, live: LiveCluster): LiveVolumeDefinition | undefined {
  return liveDefinition(i.resource, live)?.volumes.find((v) => v.number === i.number);
}

export const volumeDefinitionKind: KindDescriptor<VolumeDefinitionInputs, VolumeDefinitionOutputs> = declaredKind(volumeDefinitionDeclaration, {
  // The size is parsed once, here (the shape check accepted it); a given sizeKib is taken as is.
  complete: (i) => ({ ...i, number: i.number ?? 0, sizeKib: i.size !== undefined ? parseSizeKib(i.size) : i.sizeKib ?? 0 }),
  ref: (i) => ({ kind: "VolumeDefinition", resource: i.resource, number: i.number }),
  desired: (i) => ({ volumeDefinitions: [specOf(volumeDefinitionDeclaration, i, "size")] }),
  scope: (i) => ({ resources: [i.resource] }),
  observedLists: ["definitions"],
  exists: (i, live) => liveVolume(i, live) !== undefined,
  adoptMismatch(i, live) {
    const v = liveVolume(i, live);
    return v && v.sizeKib > i.sizeKib ? [`size is ${formatKib(v.sizeKib)}, larger than the inputs' ${formatKib(i.sizeKib)} (volumes cannot shrink)`] : [];
  },
  observe(i, live) {
    const v = liveVolume(i, live);
    return v && dropUndefined({
      minorNumber: v.minor,
      devicePath: v.minor !== undefined ? `/dev/drbd${v.minor}` : undefined,
      actualSizeKib: v.sizeKib,
      sizeText: formatKib(v.sizeKib),
    });
  },
  liveInputs(i, live) {
    const v = liveVolume(i, live);
    if (!v) return i;
    // A size changed behind our back shows as drift of sizeKib; `size` stays as written.
    return dropUndefined({ ...i, sizeKib: v.sizeKib, props: managedPropsView(i.props, v.props) });
  },
});
