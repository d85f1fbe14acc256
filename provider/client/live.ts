// readLive: the normalized LiveCluster (provider/model/types.ts) from a handful of list calls, and
// LiveCache, which lets many Pulumi resources of one engine run share those list results.

import type {
  LayerKind, LiveCluster, LiveNode, LiveReplica, LiveResourceDefinition, LiveResourceGroup, LiveSnapshot,
  LiveStoragePool, LiveVolume, PlacementSpec, ProviderKind,
} from "../model/types";
import type { LinstorClient } from "./client";
import { kib } from "./json";
import type * as rest from "./types";

/** Narrows what is read. Absent fields mean "everything". Names compare case-insensitively on the server. */
export interface LiveScope {
  nodes?: string[];
  /** Resource definitions (and their replicas and snapshots). */
  resources?: string[];
  resourceGroups?: string[];
}

const nonEmpty = <T>(a: T[] | undefined): T[] | undefined => (a && a.length > 0 ? a : undefined);

/**
 * Six list calls in parallel: /v1/nodes, /v1/view/storage-pools, /v1/resource-groups,
 * /v1/resource-definitions?with_volume_definitions=true, /v1/view/resources, /v1/view/snapshots.
 */
export async function readLive(client: LinstorClient, scope: LiveScope = {}): Promise<LiveCluster> {
  const nodes = nonEmpty(scope.nodes);
  const rds = nonEmpty(scope.resources);
  const [n, sp, rg, rd, rs, snaps] = await Promise.all([
    client.nodes.list({ nodes }),
    client.storagePools.view({ nodes }),
    client.resourceGroups.list({ resourceGroups: nonEmpty(scope.resourceGroups) }),
    client.resourceDefinitions.list({ resourceDefinitions: rds, withVolumeDefinitions: true }),
    client.resources.view({ resources: rds }),
    client.snapshots.view({ resources: rds }),
  ]);
  return {
    nodes: n.map(toLiveNode),
    storagePools: sp.map(toLiveStoragePool),
    resourceGroups: rg.map(toLiveResourceGroup),
    resourceDefinitions: rd.map(toLiveResourceDefinition),
    resources: rs.map(toLiveReplica),
    snapshots: snaps.map(toLiveSnapshot),
  };
}

export function toLiveNode(n: rest.Node): LiveNode {
  const nic = n.net_interfaces?.find((i) => i.satellite_port !== undefined) ?? n.net_interfaces?.[0];
  return {
    name: n.name,
    type: n.type,
    address: nic?.address,
    port: nic?.satellite_port,
    encryption: nic?.satellite_encryption_type?.toUpperCase(),
    connectionStatus: n.connection_status ?? "UNKNOWN",
    flags: n.flags ?? [],
    props: n.props ?? {},
  };
}

export function toLiveStoragePool(p: rest.StoragePool): LiveStoragePool {
  const kind = p.provider_kind;
  return {
    node: p.node_name,
    name: p.storage_pool_name,
    providerKind: kind as ProviderKind,
    backingPool: p.props?.["StorDriver/StorPoolName"],
    props: p.props ?? {},
    freeKib: kib(p.free_capacity),
    totalKib: kib(p.total_capacity),
    thin: p.static_traits?.Provisioning === "Thin" || /_THIN$/.test(kind),
    supportsSnapshots: p.supports_snapshots ?? p.static_traits?.SupportsSnapshots === "true",
  };
}

export function toPlacement(f: rest.AutoSelectFilter | undefined): PlacementSpec {
  if (!f) return {};
  const pools = nonEmpty(f.storage_pool_list) ?? (f.storage_pool ? [f.storage_pool] : undefined);
  const p: PlacementSpec = {
    placeCount: f.place_count,
    storagePools: pools,
    disklessStoragePools: nonEmpty(f.storage_pool_diskless_list),
    replicasOnSame: nonEmpty(f.replicas_on_same),
    replicasOnDifferent: nonEmpty(f.replicas_on_different),
    doNotPlaceWith: nonEmpty(f.not_place_with_rsc),
    doNotPlaceWithRegex: f.not_place_with_rsc_regex || undefined,
    layerStack: nonEmpty(f.layer_stack)?.map((l) => l.toUpperCase() as LayerKind),
    providerList: nonEmpty(f.provider_list)?.map((k) => k.toUpperCase() as ProviderKind),
    disklessOnRemaining: f.diskless_on_remaining,
  };
  for (const k of Object.keys(p) as (keyof PlacementSpec)[]) if (p[k] === undefined) delete p[k];
  return p;
}

export function toLiveResourceGroup(g: rest.ResourceGroup): LiveResourceGroup {
  return { name: g.name, description: g.description, placement: toPlacement(g.select_filter), props: g.props ?? {} };
}

export function toLiveResourceDefinition(d: rest.ResourceDefinition): LiveResourceDefinition {
  return {
    name: d.name,
    resourceGroup: d.resource_group_name,
    layerStack: (d.layer_data ?? []).map((l) => l.type.toUpperCase() as LayerKind),
    props: d.props ?? {},
    flags: d.flags ?? [],
    volumes: (d.volume_definitions ?? []).map((v) => ({
      number: v.volume_number,
      sizeKib: v.size_kib,
      minor: v.layer_data?.find((l) => l.type === "DRBD")?.data?.minor_number,
      props: v.props ?? {},
      flags: v.flags ?? [],
    })),
  };
}

function findLayer(o: rest.LayerObject | undefined, type: string): rest.LayerObject | undefined {
  if (!o) return undefined;
  if (o.type === type) return o;
  for (const c of o.children ?? []) {
    const f = findLayer(c, type);
    if (f) return f;
  }
  return undefined;
}

const SYNC_TARGET = /^SyncTarget\((\d+(?:\.\d+)?)%\)$/;

export function toLiveVolume(v: rest.Volume, r: rest.Resource): LiveVolume {
  const drbd = findLayer(r.layer_object, "DRBD")?.drbd;
  const dv = drbd?.drbd_volumes?.find((d) => (d.drbd_volume_definition?.volume_number ?? 0) === v.volume_number);
  const sv = findLayer(r.layer_object, "STORAGE")?.storage?.storage_volumes?.find((s) => (s.volume_number ?? 0) === v.volume_number);
  const diskState = v.state?.disk_state;
  const replication: Record<string, string> = {};
  let syncPercent: number | undefined;
  for (const [peer, st] of Object.entries(v.state?.replication_states ?? {})) {
    if (st.replication_state) replication[peer] = st.replication_state;
    if (st.replication_state === "SyncTarget" && st.done_percentage !== undefined) syncPercent = st.done_percentage;
  }
  const m = diskState ? SYNC_TARGET.exec(diskState) : null;
  if (m) syncPercent = Number(m[1]);
  const lv: LiveVolume = {
    number: v.volume_number,
    diskState,
    syncPercent,
    devicePath: v.device_path ?? dv?.device_path ?? sv?.device_path,
    backingDevice: dv?.backing_device ?? sv?.device_path,
    allocatedKib: v.allocated_size_kib ?? sv?.allocated_size_kib,
    usableKib: dv?.usable_size_kib ?? sv?.usable_size_kib,
    storagePool: v.storage_pool_name,
    minor: dv?.drbd_volume_definition?.minor_number,
    replication: Object.keys(replication).length > 0 ? replication : undefined,
  };
  for (const k of Object.keys(lv) as (keyof LiveVolume)[]) if (lv[k] === undefined) delete lv[k];
  return lv;
}

export function toLiveReplica(r: rest.Resource): LiveReplica {
  const flags = r.flags ?? [];
  const drbd = findLayer(r.layer_object, "DRBD")?.drbd;
  const volumes = (r.volumes ?? []).map((v) => toLiveVolume(v, r));
  return {
    resource: r.name,
    node: r.node_name,
    storagePool: r.props?.StorPoolName ?? r.volumes?.[0]?.storage_pool_name,
    diskless: flags.includes("DISKLESS") || flags.includes("DRBD_DISKLESS"),
    tieBreaker: flags.includes("TIE_BREAKER"),
    flags,
    props: r.props ?? {},
    ports: drbd?.tcp_ports ?? [],
    nodeId: drbd?.node_id,
    inUse: r.state?.in_use,
    deleting: flags.includes("DELETE") || flags.includes("DRBD_DELETE"),
    volumes,
  };
}

export function toLiveSnapshot(s: rest.Snapshot): LiveSnapshot {
  const flags = s.flags ?? [];
  return {
    resource: s.resource_name,
    name: s.name,
    nodes: s.nodes ?? (s.snapshots ?? []).map((x) => x.node_name),
    flags,
    successful: flags.includes("SUCCESSFUL"),
    volumes: (s.volume_definitions ?? []).map((v) => ({ number: v.volume_number, sizeKib: v.size_kib })),
  };
}

// ------------------------------------------------------------------------------------------------

export interface LiveCacheOptions {
  /** How long a read stays fresh. Default 5 s: one engine operation, not longer. */
  ttlMs?: number;
  /** Clock (tests may pin it). */
  now?: () => number;
}

/**
 * Shares readLive results among many callers (Pulumi resources of one engine run). A full read
 * serves scoped reads too. Every write through the client invalidates the cache, and concurrent
 * readers of the same scope share one in-flight read. Results are shared: treat them as read-only.
 */
export class LiveCache {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private entries = new Map<string, { at: number; value: Promise<LiveCluster> }>();
  private generation = 0;

  constructor(private readonly client: LinstorClient, opts: LiveCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5000;
    this.now = opts.now ?? Date.now;
    client.onWrite(() => this.invalidate());
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  async read(scope: LiveScope = {}): Promise<LiveCluster> {
    const key = scopeKey(scope);
    const full = this.fresh("*");
    if (full) return key === "*" ? full : filterLive(await full, scope);
    const hit = this.fresh(key);
    if (hit) return hit;
    const gen = this.generation;
    const value = readLive(this.client, scope);
    this.entries.set(key, { at: this.now(), value });
    try {
      return await value;
    } catch (err) {
      if (gen === this.generation) this.entries.delete(key);
      throw err;
    }
  }

  private fresh(key: string): Promise<LiveCluster> | undefined {
    const e = this.entries.get(key);
    return e && this.now() - e.at < this.ttlMs ? e.value : undefined;
  }
}

function scopeKey(s: LiveScope): string {
  const norm = (a?: string[]): string => (a && a.length ? [...a].map((x) => x.toUpperCase()).sort().join(",") : "*");
  const k = `${norm(s.nodes)}|${norm(s.resources)}|${norm(s.resourceGroups)}`;
  return k === "*|*|*" ? "*" : k;
}

/** Applies a scope to a full LiveCluster the way the server-side filters would. */
export function filterLive(c: LiveCluster, s: LiveScope): LiveCluster {
  const set = (a?: string[]): Set<string> | undefined => (a && a.length ? new Set(a.map((x) => x.toUpperCase())) : undefined);
  const nodes = set(s.nodes);
  const rds = set(s.resources);
  const rgs = set(s.resourceGroups);
  const inSet = (x: Set<string> | undefined, v: string): boolean => !x || x.has(v.toUpperCase());
  return {
    nodes: c.nodes.filter((n) => inSet(nodes, n.name)),
    storagePools: c.storagePools.filter((p) => inSet(nodes, p.node)),
    resourceGroups: c.resourceGroups.filter((g) => inSet(rgs, g.name)),
    resourceDefinitions: c.resourceDefinitions.filter((d) => inSet(rds, d.name)),
    resources: c.resources.filter((r) => inSet(rds, r.resource)),
    snapshots: c.snapshots.filter((x) => inSet(rds, x.resource)),
  };
}
