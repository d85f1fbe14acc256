// Resource: the replica set of one definition — explicit nodes or auto-placement, diskless
// clients, optionally restored from a snapshot. Tiebreakers the controller adds are reported,
// never treated as drift.

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { resourceDeclaration } from "../../model/kinds";
import { sameName } from "../../model/names";
import type { LiveCluster, LiveReplica } from "../../model/types";
import { isVolumeReady } from "../../plan/replica-health";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";
import { dropUndefined, managedPropsView } from "./fields";

export type ResourceInputs = InputsOf<typeof resourceDeclaration>;
export type ResourceOutputs = OutputsOf<typeof resourceDeclaration>;
export type ReplicaOutput = ResourceOutputs["replicas"][number];

function replicasOf(name: string, live: LiveCluster): LiveReplica[] {
  return live.resources.filter((r) => sameName(r.resource, name) && !r.deleting);
}

const isDiskful = (r: LiveReplica): boolean => !r.diskless;
const isClient = (r: LiveReplica): boolean => r.diskless && !r.tieBreaker;

/** Live names in the order the inputs list them (so an unchanged set never shows as a diff). */
function inInputOrder(liveNames: string[], wanted: string[] | undefined): string[] {
  const known = (wanted ?? []).filter((w) => liveNames.some((l) => sameName(l, w)));
  const extra = liveNames.filter((l) => !known.some((w) => sameName(l, w))).sort();
  return [...known, ...extra];
}

export const resourceKind: KindDescriptor<ResourceInputs, ResourceOutputs> = declaredKind(resourceDeclaration, {
  ref: (i) => ({ kind: "Resource", resource: i.resource }),
  desired: (i) => ({ resources: [specOf(resourceDeclaration, i)] }),
  scope: (i) => ({ resources: i.restoreFrom ? [i.resource, i.restoreFrom.resource] : [i.resource] }),
  observedLists: ["replicas"],
  exists: (i, live) => replicasOf(i.resource, live).length > 0,
  adoptMismatch(i, live) {
    const diskful = replicasOf(i.resource, live).filter(isDiskful).map((r) => r.node);
    if (i.nodes) {
      const missing = i.nodes.filter((n) => !diskful.some((d) => sameName(d, n)));
      const extra = diskful.filter((d) => !i.nodes!.some((n) => sameName(d, n)));
      const out: string[] = [];
      if (missing.length) out.push(`no diskful replica on ${missing.join(", ")}`);
      if (extra.length) out.push(`diskful replicas on ${extra.join(", ")} that the inputs do not list`);
      return out;
    }
    if (i.autoPlace && diskful.length !== i.autoPlace.placeCount) {
      return [`${diskful.length} diskful replicas, autoPlace asks for ${i.autoPlace.placeCount}`];
    }
    return [];
  },
  observe(i, live) {
    const replicas = replicasOf(i.resource, live);
    if (replicas.length === 0) return undefined;
    const first = replicas.find(isDiskful) ?? replicas[0];
    const vol0 = first.volumes.find((v) => v.number === 0) ?? first.volumes[0];
    const backing = new Set<string>();
    for (const r of replicas) for (const v of r.volumes) if (v.backingDevice) backing.add(v.backingDevice.split("/").pop() as string);
    const out: ResourceOutputs = {
      diskfulNodes: inInputOrder(replicas.filter(isDiskful).map((r) => r.node), i.nodes),
      disklessNodes: inInputOrder(replicas.filter(isClient).map((r) => r.node), i.diskless),
      tieBreakerNodes: replicas.filter((r) => r.tieBreaker).map((r) => r.node).sort(),
      replicas: replicas.map((r) => dropUndefined({
        node: r.node, storagePool: r.storagePool, diskless: r.diskless, tieBreaker: r.tieBreaker, ports: r.ports,
        volumes: r.volumes.map((v) => dropUndefined({ number: v.number, diskState: v.diskState, devicePath: v.devicePath, backingDevice: v.backingDevice })),
      })),
      port: first.ports[0],
      minor: vol0?.minor,
      devicePath: vol0?.devicePath ?? (vol0?.minor !== undefined ? `/dev/drbd${vol0.minor}` : undefined),
      backingVolumes: [...backing].sort(),
      upToDate: replicas.filter(isDiskful).every((r) => r.volumes.every((v) => isVolumeReady(r, v))),
    };
    return dropUndefined(out);
  },
  liveInputs(i, live) {
    const replicas = replicasOf(i.resource, live);
    const diskful = replicas.filter(isDiskful).map((r) => r.node);
    const clients = replicas.filter(isClient).map((r) => r.node);
    return dropUndefined({
      ...i,
      nodes: i.nodes ? inInputOrder(diskful, i.nodes) : undefined,
      // An auto-placed set that lost a replica shows as a lower count, which the next up restores.
      autoPlace: i.autoPlace ? { ...i.autoPlace, placeCount: Math.min(i.autoPlace.placeCount, diskful.length) } : undefined,
      diskless: i.diskless || clients.length ? inInputOrder(clients, i.diskless) : undefined,
      // The replica props the stack sets, as the first diskful replica holds them.
      props: managedPropsView(i.props, replicas.find(isDiskful)?.props ?? {}),
    });
  },
});
