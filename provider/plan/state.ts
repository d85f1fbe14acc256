// The planner's projection of the cluster: live state with the effect of every step planned so far.
// Later decisions (can this pool go? what does this node still hold?) read the projection, so a
// plan is judged by the state it leads to, not by the state it started from. Optimistic: new
// replicas are not UpToDate until a waitSynced step says so.

import type {
  LiveCluster, LiveNode, LiveReplica, LiveResourceDefinition, LiveResourceGroup, LiveSnapshot,
  LiveStoragePool, Props,
} from "../model/types";
import { nameKey, sameName } from "../model/names";
import type { StepOp } from "./steps";
import { isActive } from "./replica-health";
import { newVolume, project } from "./effects";

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

  volumeDefinition(resource: string, number: number): LiveResourceDefinition["volumes"][number] | undefined {
    return this.definition(resource)?.volumes.find((v) => v.number === number);
  }

  /** Apply the effect of one step to the projection (declared per kind in ./effects). */
  apply(step: StepOp): void {
    this.idx = undefined;
    try {
      project(this, step);
    } finally {
      this.idx = undefined;
    }
  }

  /** Change an object found by a lookup; nothing when it is not there. */
  change<T>(value: T | undefined, change: (v: T) => void): void {
    if (value !== undefined) change(value);
  }

  removeWhere<T>(list: T[], test: (v: T) => boolean): void {
    for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) list.splice(i, 1);
    this.idx = undefined;
  }

  addReplica(resource: string, node: string, storagePool: string | undefined, diskless: boolean, upToDate: boolean, props: Props | undefined): void {
    const volumes = (this.definition(resource)?.volumes ?? []).map((v) => newVolume(v.number, diskless, upToDate));
    this.resources = this.resources.filter((r) => !(sameName(r.resource, resource) && sameName(r.node, node)));
    this.resources.push({
      resource, node, storagePool, diskless, tieBreaker: false, flags: diskless ? ["DISKLESS", "DRBD_DISKLESS"] : [],
      props: { ...(props ?? {}) }, ports: [], deleting: false, layers: this.definition(resource)?.layerStack, volumes,
    });
    this.idx = undefined; // the same step may look this replica up next
  }
}
