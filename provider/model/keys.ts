// Identity keys of managed objects: case-insensitive, stable, readable.

import type { ObjectRef } from "./types";
import { nameKey } from "./names";

/** e.g. "StoragePool/VULCAN/THINPOOL", "Resource/SHAREDDATA", "VolumeDefinition/SHAREDDATA/0". */
export function objectKey(ref: ObjectRef): string {
  switch (ref.kind) {
    case "Node":
    case "ResourceGroup":
    case "ResourceDefinition":
      return `${ref.kind}/${nameKey(ref.name)}`;
    case "StoragePool":
      return `StoragePool/${nameKey(ref.node)}/${nameKey(ref.name)}`;
    case "VolumeDefinition":
      return `VolumeDefinition/${nameKey(ref.resource)}/${ref.number}`;
    case "Resource":
      return `Resource/${nameKey(ref.resource)}`;
    case "Snapshot":
      return `Snapshot/${nameKey(ref.resource)}/${nameKey(ref.name)}`;
  }
}

/** A readable form of a reference for messages: "storage pool thinpool on vulcan". */
export function describeRef(ref: ObjectRef): string {
  switch (ref.kind) {
    case "Node": return `node ${ref.name}`;
    case "ResourceGroup": return `resource group ${ref.name}`;
    case "ResourceDefinition": return `resource definition ${ref.name}`;
    case "StoragePool": return `storage pool ${ref.name} on ${ref.node}`;
    case "VolumeDefinition": return `volume ${ref.number} of ${ref.resource}`;
    case "Resource": return `replicas of ${ref.resource}`;
    case "Snapshot": return `snapshot ${ref.name} of ${ref.resource}`;
  }
}
