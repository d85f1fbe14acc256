// Placement constraints as inputs (resource groups and auto-placed replica sets share them).

import type { PlacementSpec } from "../../model/types";
import { dropUndefined, FieldReader } from "./fields";

const LAYERS = ["DRBD", "LUKS", "STORAGE", "NVME", "WRITECACHE", "CACHE", "BCACHE"] as const;
const PROVIDERS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"] as const;

export function readPlacement(f: FieldReader | undefined, countRequired: boolean): PlacementSpec | undefined {
  if (!f) return undefined;
  const placeCount = f.integer("placeCount", 1, 31);
  if (countRequired && placeCount === undefined && !f.has("placeCount")) f.problems.push({ property: "placeCount", reason: "is required" });
  const upper = <T extends string>(list: string[] | undefined, allowed: readonly T[], key: string): T[] | undefined =>
    list?.map((v, i) => {
      const m = allowed.find((a) => a === v.toUpperCase());
      if (!m) f.problems.push({ property: `${key}[${i}]`, reason: `is '${v}', expected one of ${allowed.join(", ")}` });
      return (m ?? v) as T;
    });
  return dropUndefined<PlacementSpec>({
    placeCount,
    storagePools: f.names("storagePools", "storagePool"),
    disklessStoragePools: f.names("disklessStoragePools", "storagePool"),
    replicasOnSame: f.stringList("replicasOnSame"),
    replicasOnDifferent: f.stringList("replicasOnDifferent"),
    doNotPlaceWith: f.names("doNotPlaceWith", "resource"),
    doNotPlaceWithRegex: f.string("doNotPlaceWithRegex"),
    layerStack: upper(f.stringList("layerStack"), LAYERS, "layerStack"),
    providerList: upper(f.stringList("providerList"), PROVIDERS, "providerList"),
    disklessOnRemaining: f.boolean("disklessOnRemaining"),
  });
}
