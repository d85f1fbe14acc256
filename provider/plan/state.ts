// The planner's projection of the cluster: live state with the effect of every step planned so far.
// Later decisions (can this pool go? what does this node still hold?) read the projection, so a
// plan is judged by the state it leads to, not by the state it started from. Optimistic: new
// replicas are not UpToDate until a waitSynced step says so.

import type {
  LiveCluster, LiveNode, LiveReplica, LiveResourceDefinition, LiveResourceGroup, LiveSnapshot,
  LiveStoragePool, LiveVolume, Props,
} from "../model/types";
import { nameKey, sameName } from "../model/names";
import { objectKey } from "../model/keys";
import type { StepOp } from "./steps";
import { applyPropChange } from "./propchange";
import { isActive, isDiskful } from "./health";

export class WorkingState {
  readonly nodes: LiveNode[];
  readonly storagePools: LiveStoragePool[];
  readonly resourceGroups: LiveResourceGroup[];
  readonly resourceDefinitions: LiveResourceDefinition[];
  resources: LiveReplica[];
  snapshots: LiveSnapshot[];
  /** Replicas an autoPlace step will add, per resource (the controller picks the nodes). */
  readonly autoPlaced = new Map<string, number>();
  /** Snapshots created by this plan (keyed by objectKey): rolling back to them is a no-op. */
  readonly createdSnapshots = new Set<string>();

  constructor(live: LiveCluster) {
    const copy = structuredClone(live);
    this.nodes = copy.nodes;
    this.storagePools = copy.storagePools;
    this.resourceGroups = copy.resourceGroups;
    this.resourceDefinitions = copy.resourceDefinitions;
    this.resources = copy.resources;
    this.snapshots = copy.snapshots;
  }

  // Lookups by name go through indexes (a plan over 10,000 replicas looks names up for every
  // object). They are rebuilt lazily after each applied step, the only place the lists change.
  private idx?: {
    nodes: Map<string, LiveNode>;
    pools: Map<string, LiveStoragePool>;
    poolsOn: Map<string, LiveStoragePool[]>;
    definitions: Map<string, LiveResourceDefinition>;
    byResource: Map<string, LiveReplica[]>;
    byNode: Map<string, LiveReplica[]>;
    snapshots: Map<string, LiveSnapshot[]>;
  };

  private index(): NonNullable<WorkingState["idx"]> {
    if (this.idx) return this.idx;
    const first = <T>(m: Map<string, T>, k: string, v: T): void => { if (!m.has(k)) m.set(k, v); };
    const group = <T>(m: Map<string, T[]>, k: string, v: T): void => { const l = m.get(k); if (l) l.push(v); else m.set(k, [v]); };
    const idx: NonNullable<WorkingState["idx"]> = {
      nodes: new Map(), pools: new Map(), poolsOn: new Map(), definitions: new Map(),
      byResource: new Map(), byNode: new Map(), snapshots: new Map(),
    };
    for (const n of this.nodes) first(idx.nodes, nameKey(n.name), n);
    for (const p of this.storagePools) {
      first(idx.pools, `${nameKey(p.node)}/${nameKey(p.name)}`, p);
      group(idx.poolsOn, nameKey(p.node), p);
    }
    for (const d of this.resourceDefinitions) first(idx.definitions, nameKey(d.name), d);
    for (const r of this.resources) {
      group(idx.byResource, nameKey(r.resource), r);
      group(idx.byNode, nameKey(r.node), r);
    }
    for (const sn of this.snapshots) group(idx.snapshots, nameKey(sn.resource), sn);
    return (this.idx = idx);
  }

  node(name: string): LiveNode | undefined {
    return this.index().nodes.get(nameKey(name));
  }

  pool(node: string, name: string): LiveStoragePool | undefined {
    return this.index().pools.get(`${nameKey(node)}/${nameKey(name)}`);
  }

  poolsOn(node: string): LiveStoragePool[] {
    return [...(this.index().poolsOn.get(nameKey(node)) ?? [])];
  }

  group(name: string): LiveResourceGroup | undefined {
    return this.resourceGroups.find((g) => sameName(g.name, name));
  }

  definition(name: string): LiveResourceDefinition | undefined {
    return this.index().definitions.get(nameKey(name));
  }

  volumeCount(resource: string): number {
    return this.definition(resource)?.volumes.length ?? 0;
  }

  /** Every replica of a resource, including those being deleted. */
  allReplicas(resource: string): LiveReplica[] {
    return [...(this.index().byResource.get(nameKey(resource)) ?? [])];
  }

  /** Replicas of a resource that are not being deleted. */
  replicas(resource: string): LiveReplica[] {
    return (this.index().byResource.get(nameKey(resource)) ?? []).filter(isActive);
  }

  replica(resource: string, node: string): LiveReplica | undefined {
    return (this.index().byResource.get(nameKey(resource)) ?? []).find((r) => sameName(r.node, node));
  }

  /** Every replica on a node, including those being deleted. */
  allReplicasOn(node: string): LiveReplica[] {
    return [...(this.index().byNode.get(nameKey(node)) ?? [])];
  }

  replicasOn(node: string): LiveReplica[] {
    return (this.index().byNode.get(nameKey(node)) ?? []).filter(isActive);
  }

  snapshotsOf(resource: string): LiveSnapshot[] {
    return [...(this.index().snapshots.get(nameKey(resource)) ?? [])];
  }

  snapshot(resource: string, name: string): LiveSnapshot | undefined {
    return (this.index().snapshots.get(nameKey(resource)) ?? []).find((s) => sameName(s.name, name));
  }

  /** Apply the effect of one step to the projection. */
  apply(step: StepOp): void {
    this.idx = undefined;
    try {
      this.applyStep(step);
    } finally {
      this.idx = undefined;
    }
  }

  private applyStep(step: StepOp): void {
    switch (step.op) {
      case "createNode":
        this.nodes.push({
          name: step.node.name, type: step.node.type ?? "SATELLITE", address: step.node.address,
          connectionStatus: "ONLINE", flags: [], props: { ...(step.node.props ?? {}) },
        });
        return;
      case "modifyNode":
        withObject(this.node(step.name), (n) => applyPropChange(n.props, step.props));
        return;
      case "deleteNode":
        removeWhere(this.nodes, (n) => sameName(n.name, step.name));
        removeWhere(this.storagePools, (p) => sameName(p.node, step.name));
        this.resources = this.resources.filter((r) => !sameName(r.node, step.name));
        return;
      case "assertNodeEmpty":
      case "rollback":
        return;
      case "createStoragePool":
        this.storagePools.push({
          node: step.pool.node, name: step.pool.name, providerKind: step.pool.providerKind,
          backingPool: step.pool.backingPool, props: { ...(step.pool.props ?? {}) },
          thin: step.pool.providerKind.endsWith("_THIN"),
          supportsSnapshots: !["LVM", "DISKLESS"].includes(step.pool.providerKind),
        });
        return;
      case "modifyStoragePool":
        withObject(this.pool(step.node, step.name), (p) => applyPropChange(p.props, step.props));
        return;
      case "deleteStoragePool":
        removeWhere(this.storagePools, (p) => sameName(p.node, step.node) && sameName(p.name, step.name));
        return;
      case "createResourceGroup":
        this.resourceGroups.push({
          name: step.group.name, description: step.group.description,
          placement: { ...(step.group.placement ?? {}) }, props: { ...(step.group.props ?? {}) },
        });
        return;
      case "modifyResourceGroup":
        withObject(this.group(step.name), (g) => {
          if (step.groupDescription !== undefined) g.description = step.groupDescription;
          if (step.placement !== undefined) g.placement = { ...step.placement };
          applyPropChange(g.props, step.props);
        });
        return;
      case "deleteResourceGroup":
        removeWhere(this.resourceGroups, (g) => sameName(g.name, step.name));
        return;
      case "createResourceDefinition":
        this.resourceDefinitions.push({
          name: step.definition.name, resourceGroup: step.definition.resourceGroup,
          layerStack: step.definition.layerStack ?? [], props: { ...(step.definition.props ?? {}) },
          flags: [], volumes: [],
        });
        return;
      case "modifyResourceDefinition":
        withObject(this.definition(step.name), (d) => {
          applyPropChange(d.props, step.props);
          if (step.resourceGroup !== undefined) d.resourceGroup = step.resourceGroup;
        });
        return;
      case "deleteResourceDefinition":
        removeWhere(this.resourceDefinitions, (d) => sameName(d.name, step.name));
        this.resources = this.resources.filter((r) => !sameName(r.resource, step.name));
        this.snapshots = this.snapshots.filter((s) => !sameName(s.resource, step.name));
        return;
      case "createVolumeDefinition":
        withObject(this.definition(step.volume.resource), (d) => {
          d.volumes.push({ number: step.volume.number, sizeKib: step.volume.sizeKib, props: { ...(step.volume.props ?? {}) }, flags: [] });
          // A volume added to an existing resource comes up with it; it does not make old replicas stale.
          for (const r of this.replicas(d.name)) r.volumes.push(newVolume(step.volume.number, r.diskless, true));
        });
        return;
      case "resizeVolumeDefinition":
        withObject(this.definition(step.resource)?.volumes.find((v) => v.number === step.number), (v) => { v.sizeKib = step.sizeKib; });
        return;
      case "modifyVolumeDefinition":
        withObject(this.definition(step.resource)?.volumes.find((v) => v.number === step.number), (v) => applyPropChange(v.props, step.props));
        return;
      case "deleteVolumeDefinition":
        withObject(this.definition(step.resource), (d) => {
          removeWhere(d.volumes, (v) => v.number === step.number);
          for (const r of this.replicas(d.name)) removeWhere(r.volumes, (v) => v.number === step.number);
        });
        return;
      case "createReplicas":
        for (const placement of step.replicas) {
          const existing = this.replica(step.resource, placement.node);
          if (existing && isActive(existing)) {
            // Creating a replica where a tiebreaker sits takes the tiebreaker over.
            existing.tieBreaker = false;
            continue;
          }
          this.addReplica(step.resource, placement.node, placement.storagePool, placement.diskless ?? false, false, placement.props);
        }
        return;
      case "autoPlace": {
        const present = this.replicas(step.resource).filter(isDiskful).length;
        this.autoPlaced.set(nameKey(step.resource), Math.max(0, step.placement.placeCount - present));
        return;
      }
      case "toggleDisk":
        withObject(this.replica(step.resource, step.node), (r) => {
          r.diskless = step.into === "diskless";
          r.tieBreaker = false;
          r.storagePool = step.into === "diskful" ? step.storagePool : undefined;
          r.volumes = r.volumes.map((v) => newVolume(v.number, r.diskless, false));
        });
        if (step.migrateFrom) this.resources = this.resources.filter((r) => !(sameName(r.resource, step.resource) && sameName(r.node, step.migrateFrom as string)));
        return;
      case "modifyReplica":
        withObject(this.replica(step.resource, step.node), (r) => applyPropChange(r.props, step.props));
        return;
      case "waitSynced":
        for (const r of this.replicas(step.resource)) {
          if (r.diskless) continue;
          if (step.nodes && !step.nodes.some((n) => sameName(n, r.node))) continue;
          r.volumes = r.volumes.map((v) => ({ ...v, diskState: "UpToDate", syncPercent: undefined }));
        }
        return;
      case "deleteReplica":
        this.resources = this.resources.filter((r) => !(sameName(r.resource, step.resource) && sameName(r.node, step.node)));
        return;
      case "createSnapshot": {
        const nodes = step.nodes ?? this.replicas(step.resource).filter(isDiskful).map((r) => r.node);
        const volumes = (this.definition(step.resource)?.volumes ?? []).map((v) => ({ number: v.number, sizeKib: v.sizeKib }));
        this.snapshots.push({ resource: step.resource, name: step.name, nodes, flags: ["SUCCESSFUL"], successful: true, volumes });
        this.createdSnapshots.add(objectKey({ kind: "Snapshot", resource: step.resource, name: step.name }));
        return;
      }
      case "deleteSnapshot":
        this.snapshots = this.snapshots.filter((s) => !(sameName(s.resource, step.resource) && sameName(s.name, step.name)));
        return;
      case "restoreVolumeDefinitions": {
        const snapshot = this.snapshot(step.from, step.snapshot);
        withObject(this.definition(step.to), (d) => {
          for (const v of snapshot?.volumes ?? []) d.volumes.push({ number: v.number, sizeKib: v.sizeKib, props: {}, flags: [] });
        });
        return;
      }
      case "restoreReplicas": {
        const snapshot = this.snapshot(step.from, step.snapshot);
        const nodes = step.nodes ?? snapshot?.nodes ?? [];
        for (const node of nodes) {
          const source = this.replica(step.from, node);
          this.addReplica(step.to, node, source?.storagePool, false, true, undefined);
        }
        return;
      }
    }
  }

  private addReplica(resource: string, node: string, storagePool: string | undefined, diskless: boolean, upToDate: boolean, props: Props | undefined): void {
    const volumes = (this.definition(resource)?.volumes ?? []).map((v) => newVolume(v.number, diskless, upToDate));
    this.resources = this.resources.filter((r) => !(sameName(r.resource, resource) && sameName(r.node, node)));
    this.resources.push({
      resource, node, storagePool, diskless, tieBreaker: false, flags: diskless ? ["DISKLESS", "DRBD_DISKLESS"] : [],
      props: { ...(props ?? {}) }, ports: [], deleting: false, layers: this.definition(resource)?.layerStack, volumes,
    });
    this.idx = undefined; // the same step may look this replica up next
  }
}

function newVolume(number: number, diskless: boolean, upToDate: boolean): LiveVolume {
  return { number, diskState: diskless ? "Diskless" : upToDate ? "UpToDate" : "Inconsistent" };
}

function withObject<T>(value: T | undefined, change: (v: T) => void): void {
  if (value !== undefined) change(value);
}

function removeWhere<T>(list: T[], test: (v: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) list.splice(i, 1);
}
