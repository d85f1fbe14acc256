// VolumeDefinition: one volume of a definition; growing it resizes every replica.

import { formatKib } from "../../model/sizes";
import type { LiveCluster, LiveVolumeDefinition } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";
import { liveDefinition } from "./resource-definition";

export interface VolumeDefinitionInputs extends CommonInputs {
  resource: string;
  number: number;
  /** Size as the linstor client reads it ("150m", "10GiB"; see model/sizes.ts for what is refused). */
  size: string | number;
  /** The size in KiB (derived from size). */
  sizeKib: number;
  minor?: number;
}

export interface VolumeDefinitionOutputs {
  minorNumber?: number;
  devicePath?: string;
  actualSizeKib: number;
  sizeText: string;
}

function liveVolume(i: VolumeDefinitionInputs, live: LiveCluster): LiveVolumeDefinition | undefined {
  return liveDefinition(i.resource, live)?.volumes.find((v) => v.number === i.number);
}

export const volumeDefinitionKind: KindDescriptor<VolumeDefinitionInputs, VolumeDefinitionOutputs> = {
  kind: "VolumeDefinition",
  replaceOn: ["resource", "number", "minor"],
  // `size` is how the user wrote it; sizeKib is what counts ("150m" and "153600K" are the same).
  ignoreInDiff: ["adopt", "timeouts", "size"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const sizeKib = f.sizeKib("size");
    const inputs = dropUndefined<VolumeDefinitionInputs>({
      resource: f.name("resource", "resource"),
      number: f.integer("number", 0, 65534) ?? 0,
      size: (raw.size as string | number) ?? 0,
      sizeKib: sizeKib ?? 0,
      minor: f.integer("minor", 0, 1048575),
      props: f.props(),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
    });
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "VolumeDefinition", resource: i.resource, number: i.number }),
  desired: (i) => ({ volumeDefinitions: [dropUndefined({ resource: i.resource, number: i.number, sizeKib: i.sizeKib, minor: i.minor, props: i.props })] }),
  scope: (i) => ({ resources: [i.resource] }),
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
};
