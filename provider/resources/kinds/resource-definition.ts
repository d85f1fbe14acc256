// ResourceDefinition: the cluster-wide definition a volume set and its replicas hang off.

import { sameName } from "../../model/names";
import type { LayerKind, LiveCluster, LiveResourceDefinition } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";

export interface ResourceDefinitionInputs extends CommonInputs {
  name: string;
  resourceGroup?: string;
  layerStack?: LayerKind[];
  drbdPort?: number;
  peerSlots?: number;
}

export interface ResourceDefinitionOutputs {
  flags: string[];
  actualLayerStack: string[];
  volumeNumbers: number[];
}

const LAYERS = ["DRBD", "LUKS", "STORAGE", "NVME", "WRITECACHE", "CACHE", "BCACHE"] as const;

export function liveDefinition(name: string, live: LiveCluster): LiveResourceDefinition | undefined {
  return live.resourceDefinitions.find((d) => sameName(d.name, name));
}

export const resourceDefinitionKind: KindDescriptor<ResourceDefinitionInputs, ResourceDefinitionOutputs> = {
  kind: "ResourceDefinition",
  // The layer stack cannot change while replicas exist, so a change means a new definition.
  replaceOn: ["name", "layerStack"],
  ignoreInDiff: ["adopt", "timeouts", "drbdPort"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const layers = f.stringList("layerStack")?.map((l, i) => {
      const m = LAYERS.find((a) => a === l.toUpperCase());
      if (!m) f.problems.push({ property: `layerStack[${i}]`, reason: `is '${l}', expected one of ${LAYERS.join(", ")}` });
      return (m ?? l) as LayerKind;
    });
    const inputs = dropUndefined<ResourceDefinitionInputs>({
      name: f.name("name", "resource"),
      resourceGroup: f.string("resourceGroup"),
      layerStack: layers,
      drbdPort: f.integer("drbdPort", 1, 65535),
      peerSlots: f.integer("peerSlots", 1, 31),
      props: f.props(),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
    });
    if (inputs.name && ["ALL", "PROXY"].includes(inputs.name.toUpperCase())) {
      f.problems.push({ property: "name", reason: `'${inputs.name}' is reserved by LINSTOR` });
    }
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "ResourceDefinition", name: i.name }),
  desired: (i) => ({
    resourceDefinitions: [dropUndefined({ name: i.name, resourceGroup: i.resourceGroup, layerStack: i.layerStack, drbdPort: i.drbdPort, peerSlots: i.peerSlots, props: i.props })],
  }),
  // Nothing a definition plans depends on the pools' free capacity.
  scope: (i) => ({ resources: [i.name], capacity: "cached" }),
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
};
