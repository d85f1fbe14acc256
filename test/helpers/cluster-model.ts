// An in-memory model of a LINSTOR cluster that runs plan steps the way the controller would, with
// the controller's refusals (shrink, resize of out-of-sync volumes, snapshots of stale data, pools
// still in use, ...). Written independently of the planner's own projection so it can judge it.
//
// Resync is explicit: new diskful replicas are Inconsistent until a waitSynced step covers them.
// The model records, per resource, the lowest number of UpToDate diskful replicas seen after any
// step, which the safety properties compare against min(desired, current).

import type { LiveCluster, LiveReplica, LiveStoragePool, LiveVolume, Props } from "../../provider/model/types";
import type { Step } from "../../provider/plan/steps";

export class ModelError extends Error {
  override name = "ModelError";
}

const key = (s: string) => s.toUpperCase();
const same = (a: string, b: string) => key(a) === key(b);
export const DISKLESS_POOL = "DfltDisklessStorPool";

export class ClusterModel {
  readonly cluster: LiveCluster;
  /** Lowest UpToDate diskful count per resource (upper-cased name) after any step, starting with the initial state. */
  readonly minUpToDate = new Map<string, number>();
  readonly log: Step[] = [];
  /** Pool each snapshot's volumes sit in, per node: "RES/SNAP/NODE" → pool. */
  private readonly snapshotPools = new Map<string, string>();

  constructor(live: LiveCluster) {
    this.cluster = structuredClone(live);
    for (const s of this.cluster.snapshots) {
      for (const n of s.nodes) {
        const r = this.replica(s.resource, n);
        if (r?.storagePool) this.snapshotPools.set(key(`${s.resource}/${s.name}/${n}`), r.storagePool);
      }
    }
    this.track();
  }

  /** A deep copy of the current state, as the client would read it. */
  read(): LiveCluster {
    return structuredClone(this.cluster);
  }

  applyAll(steps: Step[]): void {
    for (const step of steps) this.apply(step);
  }

  apply(step: Step): void {
    this.log.push(step);
    this.run(step);
    this.track();
  }

  upToDate(resource: string): number {
    const volumes = this.rd(resource)?.volumes.length ?? 0;
    return this.replicas(resource).filter((r) => !r.diskless && r.volumes.length >= volumes && r.volumes.every((v) => v.diskState === "UpToDate")).length;
  }

  private track(): void {
    for (const rd of this.cluster.resourceDefinitions) {
      const count = this.upToDate(rd.name);
      const prev = this.minUpToDate.get(key(rd.name));
      this.minUpToDate.set(key(rd.name), prev === undefined ? count : Math.min(prev, count));
    }
  }

  // ---- lookups ----------------------------------------------------------------------------------
  private node(name: string) { return this.cluster.nodes.find((n) => same(n.name, name)); }
  private pool(node: string, name: string) { return this.cluster.storagePools.find((p) => same(p.node, node) && same(p.name, name)); }
  private rd(name: string) { return this.cluster.resourceDefinitions.find((d) => same(d.name, name)); }
  private group(name: string) { return this.cluster.resourceGroups.find((g) => same(g.name, name)); }
  private replica(resource: string, node: string) { return this.cluster.resources.find((r) => same(r.resource, resource) && same(r.node, node)); }
  private replicas(resource: string) { return this.cluster.resources.filter((r) => same(r.resource, resource) && !r.deleting); }
  private snapshot(resource: string, name: string) { return this.cluster.snapshots.find((s) => same(s.resource, resource) && same(s.name, name)); }
  private diskful(resource: string) { return this.replicas(resource).filter((r) => !r.diskless); }

  private need<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new ModelError(`${what} not found`);
    return value;
  }

  private volumesFor(resource: string, diskless: boolean, upToDate: boolean): LiveVolume[] {
    return (this.rd(resource)?.volumes ?? []).map((v) => ({ number: v.number, diskState: diskless ? "Diskless" : upToDate ? "UpToDate" : "Inconsistent" }));
  }

  private sizeOf(resource: string): number {
    return (this.rd(resource)?.volumes ?? []).reduce((s, v) => s + v.sizeKib, 0);
  }

  private addReplica(resource: string, node: string, pool: string | undefined, diskless: boolean, upToDate: boolean, props?: Props): void {
    this.need(this.node(node), `node ${node}`);
    let poolName = pool;
    if (diskless) poolName = pool ?? DISKLESS_POOL;
    else {
      poolName ??= this.cluster.storagePools.find((p) => same(p.node, node) && p.providerKind !== "DISKLESS")?.name;
      const sp = this.need(poolName ? this.pool(node, poolName) : undefined, `storage pool ${poolName ?? "(default)"} on ${node}`);
      if (sp.providerKind === "DISKLESS") throw new ModelError(`diskless pool ${sp.name} for a diskful replica`);
      if (sp.freeKib !== undefined) {
        if (sp.freeKib < this.sizeOf(resource)) throw new ModelError(`not enough free space in ${sp.name} on ${node}`);
        sp.freeKib -= this.sizeOf(resource);
      }
    }
    this.cluster.resources.push({
      resource: this.rd(resource)?.name ?? resource, node: this.node(node)?.name ?? node, storagePool: poolName, diskless, tieBreaker: false,
      flags: diskless ? ["DISKLESS", "DRBD_DISKLESS"] : [], props: { ...(props ?? {}), ...(poolName ? { StorPoolName: poolName } : {}) },
      ports: [7000], deleting: false, volumes: this.volumesFor(resource, diskless, upToDate),
    });
  }

  private release(r: LiveReplica): void {
    if (r.diskless || !r.storagePool) return;
    const sp = this.pool(r.node, r.storagePool);
    if (sp?.freeKib !== undefined) sp.freeKib += this.sizeOf(r.resource);
  }

  private removeReplica(r: LiveReplica): void {
    this.release(r);
    this.cluster.resources = this.cluster.resources.filter((x) => x !== r);
  }

  /** The controller's tiebreaker housekeeping after a change: a tiebreaker is only kept at an even diskful count ≥ 2. */
  private housekeeping(resource: string): void {
    const count = this.diskful(resource).length;
    if (count % 2 === 1 || count < 2) {
      for (const tb of this.replicas(resource).filter((r) => r.tieBreaker)) this.removeReplica(tb);
    }
  }

  private setProps(props: Props, change: { set: Props; remove: string[] }): void {
    for (const k of change.remove) delete props[k];
    Object.assign(props, change.set);
  }

  // ---- steps --------------------------------------------------------------------------------------
  private run(step: Step): void {
    switch (step.op) {
      case "createNode": {
        if (this.node(step.node.name)) throw new ModelError(`node ${step.node.name} exists`);
        this.cluster.nodes.push({ name: step.node.name, type: step.node.type ?? "SATELLITE", address: step.node.address, connectionStatus: "ONLINE", flags: [], props: { ...(step.node.props ?? {}) } });
        this.cluster.storagePools.push({ node: step.node.name, name: DISKLESS_POOL, providerKind: "DISKLESS", props: {}, thin: false, supportsSnapshots: false });
        return;
      }
      case "modifyNode":
        this.setProps(this.need(this.node(step.name), `node ${step.name}`).props, step.props);
        return;
      case "assertNodeEmpty":
        if (this.cluster.resources.some((r) => same(r.node, step.name))) throw new ModelError(`node ${step.name} still holds replicas`);
        if (this.cluster.snapshots.some((s) => s.nodes.some((n) => same(n, step.name)))) throw new ModelError(`node ${step.name} still holds snapshots`);
        return;
      case "deleteNode": {
        this.need(this.node(step.name), `node ${step.name}`);
        if (this.cluster.resources.some((r) => same(r.node, step.name))) throw new ModelError(`node ${step.name} still has resources`);
        this.cluster.nodes = this.cluster.nodes.filter((n) => !same(n.name, step.name));
        this.cluster.storagePools = this.cluster.storagePools.filter((p) => !same(p.node, step.name));
        return;
      }
      case "createStoragePool": {
        this.need(this.node(step.pool.node), `node ${step.pool.node}`);
        if (this.pool(step.pool.node, step.pool.name)) throw new ModelError(`pool ${step.pool.name} on ${step.pool.node} exists`);
        const diskless = step.pool.providerKind === "DISKLESS";
        this.cluster.storagePools.push({
          node: step.pool.node, name: step.pool.name, providerKind: step.pool.providerKind, backingPool: step.pool.backingPool,
          props: { ...(step.pool.props ?? {}) }, freeKib: diskless ? undefined : 100 * 1024 * 1024, totalKib: diskless ? undefined : 100 * 1024 * 1024,
          thin: step.pool.providerKind.endsWith("_THIN"), supportsSnapshots: !["LVM", "DISKLESS"].includes(step.pool.providerKind),
        });
        return;
      }
      case "modifyStoragePool":
        this.setProps(this.need(this.pool(step.node, step.name), `pool ${step.name}`).props, step.props);
        return;
      case "deleteStoragePool": {
        const sp = this.pool(step.node, step.name);
        if (!sp) return;
        if (this.cluster.resources.some((r) => same(r.node, step.node) && r.storagePool && same(r.storagePool, step.name))) {
          throw new ModelError(`storage pool ${step.name} on ${step.node} still holds volumes`);
        }
        for (const s of this.cluster.snapshots) {
          if (s.nodes.some((n) => same(n, step.node)) && same(this.snapshotPools.get(key(`${s.resource}/${s.name}/${step.node}`)) ?? "", step.name)) {
            throw new ModelError(`storage pool ${step.name} on ${step.node} still holds snapshot volumes`);
          }
        }
        this.cluster.storagePools = this.cluster.storagePools.filter((p) => p !== sp);
        return;
      }
      case "createResourceGroup":
        if (this.group(step.group.name)) throw new ModelError(`resource group ${step.group.name} exists`);
        this.cluster.resourceGroups.push({ name: step.group.name, description: step.group.description, placement: { ...(step.group.placement ?? {}) }, props: { ...(step.group.props ?? {}) } });
        return;
      case "modifyResourceGroup": {
        const g = this.need(this.group(step.name), `resource group ${step.name}`);
        if (step.groupDescription !== undefined) g.description = step.groupDescription;
        if (step.placement !== undefined) g.placement = { ...step.placement };
        this.setProps(g.props, step.props);
        return;
      }
      case "deleteResourceGroup":
        if (this.cluster.resourceDefinitions.some((d) => d.resourceGroup && same(d.resourceGroup, step.name))) throw new ModelError(`resource group ${step.name} in use`);
        this.cluster.resourceGroups = this.cluster.resourceGroups.filter((g) => !same(g.name, step.name));
        return;
      case "createResourceDefinition": {
        const d = step.definition;
        if (this.rd(d.name)) throw new ModelError(`resource definition ${d.name} exists`);
        if (d.resourceGroup && !this.group(d.resourceGroup)) throw new ModelError(`resource group ${d.resourceGroup} not found`);
        this.cluster.resourceDefinitions.push({ name: d.name, resourceGroup: d.resourceGroup, layerStack: d.layerStack ?? [], props: { ...(d.props ?? {}) }, flags: [], volumes: [] });
        return;
      }
      case "modifyResourceDefinition": {
        const d = this.need(this.rd(step.name), `resource definition ${step.name}`);
        this.setProps(d.props, step.props);
        if (step.resourceGroup !== undefined) {
          this.need(this.group(step.resourceGroup), `resource group ${step.resourceGroup}`);
          d.resourceGroup = step.resourceGroup;
        }
        return;
      }
      case "deleteResourceDefinition": {
        if (!this.rd(step.name)) return;
        if (this.cluster.snapshots.some((s) => same(s.resource, step.name))) throw new ModelError(`Cannot delete resource definition '${step.name}' because it has snapshots.`);
        for (const r of this.cluster.resources.filter((x) => same(x.resource, step.name))) this.removeReplica(r);
        this.cluster.resourceDefinitions = this.cluster.resourceDefinitions.filter((d) => !same(d.name, step.name));
        return;
      }
      case "createVolumeDefinition": {
        const d = this.need(this.rd(step.volume.resource), `resource definition ${step.volume.resource}`);
        if (d.volumes.some((v) => v.number === step.volume.number)) throw new ModelError(`volume ${step.volume.number} exists`);
        d.volumes.push({ number: step.volume.number, sizeKib: step.volume.sizeKib, minor: 1000 + d.volumes.length, props: { ...(step.volume.props ?? {}) }, flags: [] });
        for (const r of this.replicas(d.name)) {
          r.volumes.push({ number: step.volume.number, diskState: r.diskless ? "Diskless" : "UpToDate" });
          if (!r.diskless && r.storagePool) {
            const sp = this.pool(r.node, r.storagePool);
            if (sp?.freeKib !== undefined) sp.freeKib -= step.volume.sizeKib;
          }
        }
        return;
      }
      case "resizeVolumeDefinition": {
        const d = this.need(this.rd(step.resource), `resource definition ${step.resource}`);
        const v = this.need(d.volumes.find((x) => x.number === step.number), `volume ${step.number}`);
        if (step.sizeKib < v.sizeKib) throw new ModelError(`Shrinking volumes is not supported`);
        if (this.diskful(step.resource).some((r) => r.volumes.some((x) => x.diskState !== "UpToDate"))) {
          throw new ModelError(`Cannot resize volume, because we have a non-UpToDate DRBD device.`);
        }
        v.sizeKib = step.sizeKib;
        return;
      }
      case "modifyVolumeDefinition": {
        const d = this.need(this.rd(step.resource), `resource definition ${step.resource}`);
        this.setProps(this.need(d.volumes.find((x) => x.number === step.number), `volume ${step.number}`).props, step.props);
        return;
      }
      case "deleteVolumeDefinition": {
        const d = this.rd(step.resource);
        if (!d) return;
        d.volumes = d.volumes.filter((v) => v.number !== step.number);
        for (const r of this.replicas(d.name)) r.volumes = r.volumes.filter((v) => v.number !== step.number);
        return;
      }
      case "createReplicas": {
        this.need(this.rd(step.resource), `resource definition ${step.resource}`);
        for (const p of step.replicas) {
          const existing = this.replica(step.resource, p.node);
          if (existing?.deleting) throw new ModelError(`replica of ${step.resource} on ${p.node} is being deleted`);
          if (existing) {
            if (existing.tieBreaker) {
              existing.tieBreaker = false;
              existing.flags = existing.flags.filter((f) => f !== "TIE_BREAKER");
            }
            continue; // INFO_RSC_ALREADY_EXISTS
          }
          this.addReplica(step.resource, p.node, p.storagePool, p.diskless ?? false, false, p.props);
        }
        this.housekeeping(step.resource);
        return;
      }
      case "autoPlace": {
        this.need(this.rd(step.resource), `resource definition ${step.resource}`);
        const needed = step.placement.placeCount - this.diskful(step.resource).length;
        if (needed <= 0) return;
        const size = this.sizeOf(step.resource);
        const candidates: LiveStoragePool[] = [];
        for (const n of this.cluster.nodes) {
          if (n.connectionStatus !== "ONLINE" || (step.avoidNodes ?? []).some((a) => same(a, n.name))) continue;
          const present = this.replica(step.resource, n.name);
          if (present && (!present.diskless || present.deleting)) continue;
          const pools = this.cluster.storagePools
            .filter((p) => same(p.node, n.name) && p.providerKind !== "DISKLESS" && (p.freeKib ?? 0) >= size)
            .filter((p) => !step.placement.storagePools?.length || step.placement.storagePools.some((s) => same(s, p.name)))
            .sort((a, b) => (b.freeKib ?? 0) - (a.freeKib ?? 0) || key(a.name).localeCompare(key(b.name)));
          if (pools.length) candidates.push(pools[0]);
        }
        candidates.sort((a, b) => (b.freeKib ?? 0) - (a.freeKib ?? 0) || key(a.node).localeCompare(key(b.node)));
        if (candidates.length < needed) throw new ModelError(`Not enough available nodes for ${step.resource}`);
        for (const p of candidates.slice(0, needed)) {
          const taken = this.replica(step.resource, p.node);
          if (taken) this.removeReplica(taken); // a diskless replica's node may receive the diskful one
          this.addReplica(step.resource, p.node, p.name, false, false, step.replicaProps);
        }
        this.housekeeping(step.resource);
        return;
      }
      case "toggleDisk": {
        const r = this.need(this.replica(step.resource, step.node), `replica of ${step.resource} on ${step.node}`);
        if (step.into === "diskful") {
          if (!r.diskless) throw new ModelError(`replica of ${step.resource} on ${step.node} already has a disk`);
          this.removeReplica(r);
          this.addReplica(step.resource, step.node, step.storagePool, false, false, r.props);
        } else {
          if (r.diskless) throw new ModelError(`replica of ${step.resource} on ${step.node} is already diskless`);
          this.release(r);
          r.diskless = true;
          r.storagePool = DISKLESS_POOL;
          r.flags = ["DISKLESS", "DRBD_DISKLESS"];
          r.volumes = this.volumesFor(step.resource, true, false);
        }
        this.housekeeping(step.resource);
        return;
      }
      case "modifyReplica":
        this.setProps(this.need(this.replica(step.resource, step.node), `replica of ${step.resource} on ${step.node}`).props, step.props);
        return;
      case "waitSynced": {
        const targets = step.nodes
          ? step.nodes.map((n) => this.need(this.replicas(step.resource).find((r) => same(r.node, n)), `replica of ${step.resource} on ${n}`))
          : this.diskful(step.resource);
        for (const r of targets) {
          if (r.diskless) throw new ModelError(`waiting for the diskless replica of ${step.resource} on ${r.node}`);
          if (this.node(r.node)?.connectionStatus !== "ONLINE") throw new ModelError(`wait budget exhausted: ${r.node} is offline`);
        }
        for (const r of targets) r.volumes = r.volumes.map((v) => ({ ...v, diskState: "UpToDate" }));
        return;
      }
      case "deleteReplica": {
        const r = this.replica(step.resource, step.node);
        if (!r) return; // WARN_NOT_FOUND
        if (r.inUse) throw new ModelError(`Resource '${step.resource}' on node '${step.node}' is still in use.`);
        const others = this.replicas(step.resource).filter((x) => x !== r);
        if (!r.diskless && !r.deleting && others.length > 0 && others.every((x) => x.diskless)) {
          throw new ModelError(`Last resource of '${step.resource}' with disk still has diskless resources attached.`);
        }
        const remaining = others.filter((x) => !x.diskless).length;
        const boundary = !r.diskless && !r.deleting && remaining >= 2 && remaining % 2 === 0 && !others.some((x) => x.diskless);
        if (boundary && step.keepTiebreaker !== false) {
          // The 3→2 boundary: the controller keeps the deleted replica as a diskless tiebreaker.
          this.release(r);
          Object.assign(r, { diskless: true, tieBreaker: true, storagePool: DISKLESS_POOL, flags: ["DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"] });
          r.volumes = this.volumesFor(step.resource, true, false);
          return;
        }
        this.removeReplica(r);
        this.housekeeping(step.resource);
        return;
      }
      case "waitReplicaGone": {
        // A pending deletion finishes; a tiebreaker left by the delete goes unless the step keeps it.
        const r = this.replica(step.resource, step.node);
        if (r && (r.deleting || (r.tieBreaker && !step.keepTiebreaker))) {
          this.removeReplica(r);
          this.housekeeping(step.resource);
        }
        return;
      }
      case "waitDefinitionGone":
      case "waitNodeGone":
      case "waitSnapshotSuccessful":
      case "waitSnapshotGone":
        return; // the model finishes deletions and snapshots at once
      case "createSnapshot": {
        this.need(this.rd(step.resource), `resource definition ${step.resource}`);
        if (this.snapshot(step.resource, step.name)) throw new ModelError(`snapshot ${step.name} exists`);
        const replicas = step.nodes
          ? step.nodes.map((n) => this.need(this.diskful(step.resource).find((r) => same(r.node, n)), `diskful replica of ${step.resource} on ${n}`))
          : this.diskful(step.resource).filter((r) => this.node(r.node)?.connectionStatus === "ONLINE");
        if (replicas.length === 0) throw new ModelError(`No resources found for snapshotting`);
        for (const r of replicas) {
          if (!r.volumes.every((v) => v.diskState === "UpToDate")) throw new ModelError(`Cannot take snapshot from non-UpToDate DRBD device on ${r.node}`);
          const sp = r.storagePool ? this.pool(r.node, r.storagePool) : undefined;
          if (sp && !sp.supportsSnapshots) throw new ModelError(`storage pool ${sp.name} does not support snapshots`);
          this.snapshotPools.set(key(`${step.resource}/${step.name}/${r.node}`), r.storagePool ?? "");
        }
        const volumes = (this.rd(step.resource)?.volumes ?? []).map((v) => ({ number: v.number, sizeKib: v.sizeKib }));
        this.cluster.snapshots.push({ resource: this.rd(step.resource)?.name ?? step.resource, name: step.name, nodes: replicas.map((r) => r.node), flags: ["SUCCESSFUL"], successful: true, volumes });
        return;
      }
      case "deleteSnapshot":
        this.cluster.snapshots = this.cluster.snapshots.filter((s) => !(same(s.resource, step.resource) && same(s.name, step.name)));
        return;
      case "restoreVolumeDefinitions": {
        const s = this.need(this.snapshot(step.from, step.snapshot), `snapshot ${step.snapshot} of ${step.from}`);
        const d = this.need(this.rd(step.to), `resource definition ${step.to}`);
        if (d.volumes.length) throw new ModelError(`resource definition ${step.to} already has volumes`);
        d.volumes = s.volumes.map((v, i) => ({ number: v.number, sizeKib: v.sizeKib, minor: 2000 + i, props: {}, flags: [] }));
        return;
      }
      case "restoreReplicas": {
        const s = this.need(this.snapshot(step.from, step.snapshot), `snapshot ${step.snapshot} of ${step.from}`);
        this.need(this.rd(step.to), `resource definition ${step.to}`);
        if (this.replicas(step.to).length) throw new ModelError(`Cannot restore to resource definition which already has resources`);
        for (const n of step.nodes ?? s.nodes) {
          if (!s.nodes.some((m) => same(m, n))) throw new ModelError(`snapshot ${s.name} is not on ${n}`);
          this.addReplica(step.to, n, this.snapshotPools.get(key(`${s.resource}/${s.name}/${n}`)) || undefined, false, true);
        }
        return;
      }
      case "rollback": {
        const s = this.need(this.snapshot(step.resource, step.snapshot), `snapshot ${step.snapshot} of ${step.resource}`);
        for (const r of this.replicas(step.resource)) {
          if (r.inUse) throw new ModelError(`Resource '${step.resource}' on node '${r.node}' is still in use.`);
          if (r.tieBreaker) throw new ModelError(`rollback of ${step.resource} with a tiebreaker on ${r.node}`);
          if (!r.diskless && !s.nodes.some((n) => same(n, r.node))) throw new ModelError(`snapshot ${s.name} not on ${r.node}`);
        }
        for (const r of this.diskful(step.resource)) r.volumes = r.volumes.map((v) => ({ ...v, diskState: "UpToDate" }));
        return;
      }
    }
  }
}

// ---- builders of live state for tests --------------------------------------------------------------

const GIB = 1024 * 1024;

export function emptyCluster(): LiveCluster {
  return { nodes: [], storagePools: [], resourceGroups: [], resourceDefinitions: [], resources: [], snapshots: [] };
}

/** Online satellites, each with an LVM_THIN pool `thin` (free space in GiB, default 100) and the diskless pool. */
export function withNodes(cluster: LiveCluster, names: string[], opts: { pool?: string; freeGib?: number; status?: string; provider?: string } = {}): LiveCluster {
  for (const name of names) {
    cluster.nodes.push({ name, type: "SATELLITE", address: `10.0.0.${cluster.nodes.length + 1}`, connectionStatus: opts.status ?? "ONLINE", flags: [], props: {} });
    const provider = opts.provider ?? "LVM_THIN";
    cluster.storagePools.push({
      node: name, name: opts.pool ?? "thin", providerKind: provider, backingPool: "vg/thin", props: {},
      freeKib: (opts.freeGib ?? 100) * GIB, totalKib: (opts.freeGib ?? 100) * GIB, thin: provider.endsWith("_THIN"), supportsSnapshots: provider !== "LVM",
    });
    cluster.storagePools.push({ node: name, name: DISKLESS_POOL, providerKind: "DISKLESS", props: {}, thin: false, supportsSnapshots: false });
  }
  return cluster;
}

/** A definition with volumes of the given sizes (KiB). */
export function withDefinition(cluster: LiveCluster, name: string, sizesKib: number[] = [GIB], props: Props = {}): LiveCluster {
  cluster.resourceDefinitions.push({
    name, layerStack: ["DRBD", "STORAGE"], props, flags: [],
    volumes: sizesKib.map((sizeKib, number) => ({ number, sizeKib, minor: 1000 + number, props: {}, flags: [] })),
  });
  return cluster;
}

export interface ReplicaOptions {
  pool?: string;
  diskless?: boolean;
  tieBreaker?: boolean;
  state?: string;
  inUse?: boolean;
  deleting?: boolean;
  props?: Props;
}

export function withReplica(cluster: LiveCluster, resource: string, node: string, opts: ReplicaOptions = {}): LiveCluster {
  const diskless = opts.diskless ?? opts.tieBreaker ?? false;
  const rd = cluster.resourceDefinitions.find((d) => same(d.name, resource));
  const pool = diskless ? DISKLESS_POOL : opts.pool ?? "thin";
  cluster.resources.push({
    resource, node, storagePool: pool, diskless, tieBreaker: opts.tieBreaker ?? false,
    flags: [...(diskless ? ["DISKLESS", "DRBD_DISKLESS"] : []), ...(opts.tieBreaker ? ["TIE_BREAKER"] : []), ...(opts.deleting ? ["DELETE"] : [])],
    props: { StorPoolName: pool, ...(opts.props ?? {}) }, ports: [7000], inUse: opts.inUse ?? false, deleting: opts.deleting ?? false,
    volumes: (rd?.volumes ?? []).map((v) => ({ number: v.number, diskState: diskless ? "Diskless" : opts.state ?? "UpToDate" })),
  });
  return cluster;
}

export function withSnapshot(cluster: LiveCluster, resource: string, name: string, nodes: string[], successful = true): LiveCluster {
  const rd = cluster.resourceDefinitions.find((d) => same(d.name, resource));
  cluster.snapshots.push({
    resource, name, nodes, flags: successful ? ["SUCCESSFUL"] : [], successful,
    volumes: (rd?.volumes ?? []).map((v) => ({ number: v.number, sizeKib: v.sizeKib })),
  });
  return cluster;
}
