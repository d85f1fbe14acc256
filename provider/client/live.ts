// readLive: the normalized LiveCluster (provider/model/types.ts) from a handful of list calls, and
// LiveCache, which lets many Pulumi resources of one engine run share those list results.

import type {
  LayerKind, LiveCluster, LiveNode, LiveReplica, LiveResourceDefinition, LiveResourceGroup, LiveSnapshot,
  LiveStoragePool, LiveVolume, PlacementSpec, ProviderKind,
} from "../model/types";
import { nameKey } from "../model/names";
import type { LinstorClient } from "./client";
import { kib } from "./json";
import { GATHER_MS, ReadGathering } from "./read-gathering";
import type { CallResult, CallSpec, WriteCall } from "./transport";
import type * as rest from "./types";

/** Narrows what is read. Absent fields mean "everything". Names compare case-insensitively on the server. */
export interface LiveScope {
  nodes?: string[];
  /** Resource definitions (and their replicas and snapshots). */
  resources?: string[];
  resourceGroups?: string[];
  /**
   * "cached": the pools' free capacity may be as of the last read of the pool list, even if
   * replicas were created or deleted since (what outputs need; planning a placement reads it fresh).
   */
  capacity?: "cached";
  /**
   * Which lists of the scoped definitions must be fresh (default all): outputs that come from the
   * replicas alone need not re-read a definition whose props a write just set.
   */
  lists?: DefinitionList[];
}

const nonEmpty = <T>(a: T[] | undefined): T[] | undefined => (a && a.length > 0 ? a : undefined);

/**
 * Eight calls in parallel: /v1/nodes, /v1/view/storage-pools, /v1/resource-groups,
 * /v1/resource-definitions?with_volume_definitions=true, /v1/view/resources, /v1/view/snapshots,
 * /v1/controller/properties and /v1/controller/version (left out when the caller knows the version).
 */
export async function readLive(client: LinstorClient, scope: LiveScope = {}, knownVersion?: string): Promise<LiveCluster> {
  const nodes = nonEmpty(scope.nodes);
  const rds = nonEmpty(scope.resources);
  const [n, sp, rg, rd, rs, snaps, ctrlProps, version] = await Promise.all([
    client.nodes.list({ nodes }),
    client.storagePools.view({ nodes }),
    client.resourceGroups.list({ resourceGroups: nonEmpty(scope.resourceGroups) }),
    client.resourceDefinitions.list({ resourceDefinitions: rds, withVolumeDefinitions: true }),
    client.resources.view({ resources: rds }),
    client.snapshots.view({ resources: rds }),
    client.controller.getProps(),
    knownVersion !== undefined ? { version: knownVersion } : client.controller.version(),
  ]);
  return {
    nodes: n.map(toLiveNode),
    storagePools: sp.map(toLiveStoragePool),
    resourceGroups: rg.map(toLiveResourceGroup),
    resourceDefinitions: rd.map(toLiveResourceDefinition),
    resources: rs.map(toLiveReplica),
    snapshots: snaps.map(toLiveSnapshot),
    controllerProps: ctrlProps,
    controllerVersion: version.version,
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

/** The layer kinds of a replica's layer tree, top to bottom (first child at each level). */
function layerKinds(o: rest.LayerObject | undefined): LayerKind[] {
  const out: LayerKind[] = [];
  for (let l = o; l; l = l.children?.[0]) out.push(l.type.toUpperCase() as LayerKind);
  return out;
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
    layers: layerKinds(r.layer_object),
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
  /** How long a full read stays fresh. Default 5 s: one engine operation, not longer. */
  ttlMs?: number;
  /** Clock (tests may pin it). */
  now?: () => number;
  /** More dirty definitions than this in one refresh: read everything instead (keeps URLs short). Default 50. */
  maxScopedRefresh?: number;
  /**
   * The longest a batch of scoped reads gathers readers while readers of many definitions stream
   * in (see read-gathering.ts); a lone reader's batch goes out at the next turn of the event loop.
   * Default GATHER_MS; 0 turns gathering off.
   */
  gatherMs?: number;
}

/** The lists of one definition: the definition itself (with its volumes), its replicas, its snapshots. */
export const DEFINITION_LISTS = ["definitions", "replicas", "snapshots"] as const;
export type DefinitionList = (typeof DEFINITION_LISTS)[number];

/** What a write may have changed: some of the shared lists, some lists of some definitions, or anything. */
export interface WriteTouch {
  all?: boolean;
  nodes?: boolean;
  /** Storage pools: nodes' pools and their props. */
  pools?: boolean;
  /** The pools' free capacity (which replicas, volumes and snapshots use). */
  capacity?: boolean;
  /**
   * New volumes in pools: free capacity changes at once only in pools that allocate the whole size
   * on create (thick ones). A thin pool's free space follows the data written, later, and a delete
   * frees space in any pool, so those writes touch `capacity` itself.
   */
  allocates?: boolean;
  groups?: boolean;
  /** Definitions the write touched, and which of their lists. */
  resources?: string[];
  lists?: DefinitionList[];
  /**
   * A new volume definition: it changes the definition's replicas (a volume on each) and the pools'
   * capacity only if the definition has replicas; without any, only the definition itself.
   */
  newVolume?: boolean;
}

/**
 * Which lists a write under /v1/resource-definitions changes. Replica writes count as touching the
 * definition too: the controller keeps definition props (quorum) in step with the replica count.
 */
function definitionLists(method: string, route: string): DefinitionList[] {
  const sub = route.slice("/v1/resource-definitions".length);
  if (sub === "") return ["definitions"];
  if (sub === "/{rd}") return method === "PUT" ? ["definitions"] : [...DEFINITION_LISTS];
  if (sub.startsWith("/{rd}/snapshots")) return ["snapshots"];
  if (/^\/\{rd\}\/(resources|autoplace|volume-definitions)/.test(sub)) return ["definitions", "replicas"];
  return [...DEFINITION_LISTS];
}

/**
 * Which parts of the live state a write through the client may have changed, as narrowly as the
 * route tells: a write under /v1/resource-definitions/{rd} touches lists of that definition (and of
 * the one named in the body: create, restore target), plus the pools' free capacity unless it only
 * creates the definition or sets its props; node writes touch nodes and pools, pool writes the pools, group
 * writes the groups. Writes that drop replicas of any definition (node deletes and evacuations,
 * spawns) and anything else (controller props) touch everything.
 */
export function touchedBy(spec: WriteCall): WriteTouch {
  const body = (spec.body ?? {}) as { resource_definition?: { name?: unknown }; to_resource?: unknown };
  const route = spec.route;
  if (route.startsWith("/v1/resource-definitions")) {
    const names = [spec.params?.rd, body.resource_definition?.name, body.to_resource]
      .filter((n): n is string => typeof n === "string" && n !== "");
    if (names.length === 0) return { all: true };
    const lists = definitionLists(spec.method, route);
    const propsOnly = route === "/v1/resource-definitions" || (route === "/v1/resource-definitions/{rd}" && spec.method === "PUT");
    const newVolume = spec.method === "POST" && route === "/v1/resource-definitions/{rd}/volume-definitions";
    if (propsOnly) return { resources: names, lists };
    const adds = spec.method === "POST" && /^\/v1\/resource-definitions\/\{rd\}\/(resources|autoplace|volume-definitions)$/.test(route);
    return { resources: names, lists, ...(adds ? { allocates: true } : { capacity: true }), ...(newVolume ? { newVolume } : {}) };
  }
  if (route.startsWith("/v1/resource-groups")) return /spawn/.test(route) ? { all: true } : { groups: true };
  if (route.startsWith("/v1/nodes")) {
    const dropsReplicas = /evacuate|lost|restore/.test(route) || (spec.method === "DELETE" && /^\/v1\/nodes\/\{node\}$/.test(route));
    if (dropsReplicas) return { all: true };
    // A pool's create, props or delete changes the pool list, never the node list.
    return /^\/v1\/nodes\/\{node\}\/storage-pools/.test(route) ? { pools: true } : { nodes: true, pools: true };
  }
  return { all: true };
}

/** The shared lists, each re-read on its own when a write touched it (capacity: the pool list again). */
const SHARED = ["nodes", "pools", "groups", "capacity"] as const;
type SharedList = (typeof SHARED)[number];
type SharedParts = Partial<Record<SharedList, boolean>>;
/** Definitions (by name key) whose lists are to be re-read, per list. */
type DirtyDefinitions = Record<DefinitionList, Set<string>>;
const noDefinitions = (): DirtyDefinitions => ({ definitions: new Set(), replicas: new Set(), snapshots: new Set() });
const countOf = (d: DirtyDefinitions): number => new Set(DEFINITION_LISTS.flatMap((l) => [...d[l]])).size;
const isWhole = (s: LiveScope): boolean => !s.nodes?.length && !s.resources?.length && !s.resourceGroups?.length;
const byName = (a: string, b: string): number => {
  const x = nameKey(a);
  const y = nameKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const listKey = (list: DefinitionList, name: string): string => `${list}:${nameKey(name)}`;
/** The touched-map key of writes that add volumes (WriteTouch.allocates). */
const ALLOCATED = "allocated";

/**
 * Whether some pool's free capacity drops as soon as a volume is created in it: a thick pool that
 * reports capacity. Diskless pools and pools without a report have no capacity to check.
 */
function hasAllocatingPool(pools: readonly LiveStoragePool[]): boolean {
  return pools.some((p) => !p.thin && p.freeKib !== undefined && p.providerKind !== "DISKLESS");
}

/**
 * Live state shared by many callers (the Pulumi resources of one engine operation): one full read
 * (eight calls) serves every scope while it is fresh. A write through the client does not
 * throw it away; it marks what it touched (see touchedBy), and the next read of a touched scope
 * re-reads only that: the shared lists it touched plus the touched definitions, for all readers waiting
 * at that moment in one batch of filtered list calls, merged into the snapshot. So creating n
 * objects costs O(n) small reads, not n reads of the whole cluster. Results are shared: treat them
 * as read-only (merges build new arrays, never change a returned one).
 */
export class LiveCache {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxScopedRefresh: number;
  /** Writes seen so far; a read started at generation g reflects every write up to g. */
  private writes = 0;
  /** The controller's version: it cannot change while this process talks to it, so it is read once. */
  private version?: string;
  /** Last write generation per touched key ("shared", "rd:NAME", "all"). */
  private touched = new Map<string, number>();
  /** Write generation each key was last read at (by a scoped refresh). */
  private covered = new Map<string, number>();
  private base?: { at: number; gen: number; value: LiveCluster };
  /** The full read in flight, and the write generation it began at. */
  private fullRead?: { gen: number; done: Promise<LiveCluster> };
  private batch?: { shared: SharedParts; rds: DirtyDefinitions; done: Promise<void> };
  /** The batch the controller is answering (settles, never rejects). */
  private inFlight?: Promise<void>;
  /** What the batch in flight reads, and the write generation it began at. */
  private sending?: { gen: number; shared: SharedParts; rds: DirtyDefinitions };
  /** Writes in flight that change only lists of definitions (see quickWrite); each settles when it lands. */
  private quickWrites = new Set<Promise<void>>();
  private readonly gathering: ReadGathering;

  constructor(private readonly client: LinstorClient, opts: LiveCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5000;
    this.now = opts.now ?? Date.now;
    this.maxScopedRefresh = opts.maxScopedRefresh ?? 50;
    this.gathering = new ReadGathering(opts.gatherMs ?? GATHER_MS);
    client.onWrite((call) => {
      const touch = touchedBy(call);
      const landed = this.quickWrite(touch);
      return () => {
        this.noteWrite(touch);
        landed?.();
      };
    });
    client.onRead((call) => this.replicaListRead(call));
  }

  /**
   * A write that changes only lists of definitions, without deploying anything on satellites (a
   * definition's create or props, a volume of a definition without replicas): the controller
   * answers it at once, and its caller reads those lists right after. A batch about to be sent
   * waits for such writes in flight and reads their lists too, so their callers find them read.
   */
  private quickWrite(touch: WriteTouch): (() => void) | undefined {
    const t = this.effective(touch);
    if (t.all || t.nodes || t.pools || t.groups || t.capacity || t.allocates || !t.resources?.length) return undefined;
    let landed = (): void => undefined;
    const p = new Promise<void>((resolve) => { landed = resolve; });
    this.quickWrites.add(p);
    return () => {
      this.quickWrites.delete(p);
      landed();
    };
  }

  /**
   * A read of the whole replica lists of some definitions (a wait polling one definition): taken
   * into the snapshot, so outputs after the wait need not read the same list again.
   */
  private replicaListRead(call: CallSpec): ((result: CallResult) => void) | undefined {
    const query = call.query ?? {};
    const names = query.resources;
    if (call.route !== "/v1/view/resources" || !Array.isArray(names) || names.length === 0) return undefined;
    if (Object.entries(query).some(([k, v]) => k !== "resources" && v !== undefined)) return undefined;
    const gen = this.writes;
    const rds = noDefinitions();
    for (const n of names) rds.replicas.add(nameKey(String(n)));
    return (result) => {
      const base = this.base;
      // Never older data over newer: a full read or a refresh of these lists since this one started wins.
      if (!base || base.gen > gen || [...rds.replicas].some((r) => (this.covered.get(listKey("replicas", r)) ?? -1) > gen)) return;
      if (Array.isArray(result.body)) this.merge(gen, {}, rds, { rs: result.body as rest.Resource[] });
    };
  }

  /**
   * The replicas of one definition (with their states) from a read that began after every write so
   * far, shared with concurrent readers; `again` (a wait that saw an earlier answer and looks for a
   * change the controller makes on its own, such as a resync): from a read that begins after this
   * call, as if the list had been written.
   */
  async replicasOf(resource: string, again = false): Promise<LiveReplica[]> {
    // The list itself is read again when the snapshot is past its TTL: a wait polls its own
    // definitions, never the whole cluster.
    const old = this.base !== undefined && this.now() - this.base.at >= this.ttlMs;
    if (again || old) this.noteWrite({ resources: [resource], lists: ["replicas"] });
    return (await this.readScoped({ resources: [resource], lists: ["replicas"], capacity: "cached" }, false)).resources;
  }

  /** Forget everything: the next read is a full one. */
  invalidate(): void {
    this.noteWrite({ all: true });
  }

  read(scope: LiveScope = {}): Promise<LiveCluster> {
    return this.readScoped(scope, true);
  }

  /** `expires`: a snapshot past its TTL is read again in full first. */
  private async readScoped(scope: LiveScope, expires: boolean): Promise<LiveCluster> {
    let justRead = false;
    for (let attempt = 0; ; attempt++) {
      const base = this.base;
      // Writes keep landing while we read: after a few rounds, what we have is as fresh as it gets.
      const settle = attempt >= 4;
      const expired = expires && !justRead && base !== undefined && this.now() - base.at >= this.ttlMs;
      if (!base || (!settle && (expired || this.isDirty("all", base.gen)))) {
        await this.readFull();
        justRead = true;
        continue;
      }
      const rds = this.dirtyDefinitions(scope, base.gen);
      const shared: SharedParts = {};
      for (const list of SHARED) if (this.isDirty(list, base.gen)) shared[list] = true;
      // Volumes added since the pool list was read left the free capacity of thin pools as it was:
      // it is read again only when some pool allocates on create.
      if (this.isDirty(ALLOCATED, base.gen) && hasAllocatingPool(base.value.storagePools)) shared.capacity = true;
      if (scope.capacity === "cached") delete shared.capacity;
      if (settle || (Object.keys(shared).length === 0 && countOf(rds) === 0)) return isWhole(scope) ? base.value : filterLive(base.value, scope);
      if (countOf(rds) > this.maxScopedRefresh || attempt >= 3) {
        await this.readFull();
        justRead = true;
      } else if (this.inFlight && this.sendingCovers(shared, rds)) {
        await this.inFlight; // began after the writes we must see, and reads what we need
      } else {
        await this.refresh(shared, rds);
      }
    }
  }

  /** A new volume of definitions known to have no replica changes only the definitions. */
  private effective(touch: WriteTouch): WriteTouch {
    return touch.newVolume && this.withoutReplicas(touch.resources ?? []) ? { resources: touch.resources, lists: ["definitions"] } : touch;
  }

  /** Whether the batch in flight reads all these lists, each after its last write. */
  private sendingCovers(shared: SharedParts, rds: DirtyDefinitions): boolean {
    const s = this.sending;
    if (!s) return false;
    const after = (key: string): boolean => (this.touched.get(key) ?? -1) <= s.gen && (key !== "capacity" || (this.touched.get(ALLOCATED) ?? -1) <= s.gen);
    // One pool list answers both pools and capacity.
    const reads = (list: SharedList): boolean => (list === "pools" || list === "capacity" ? Boolean(s.shared.pools || s.shared.capacity) : s.shared[list] === true);
    return SHARED.every((list) => !shared[list] || (reads(list) && after(list))) &&
      DEFINITION_LISTS.every((list) => [...rds[list]].every((r) => s.rds[list].has(r) && after(listKey(list, r))));
  }

  private noteWrite(touch: WriteTouch): void {
    const t = this.effective(touch);
    const gen = ++this.writes;
    for (const list of SHARED) if (t[list] || t.all) this.touched.set(list, gen);
    if (t.allocates) this.touched.set(ALLOCATED, gen);
    if (t.all) this.touched.set("all", gen);
    for (const r of t.resources ?? []) for (const list of t.lists ?? DEFINITION_LISTS) this.touched.set(listKey(list, r), gen);
  }

  /**
   * Whether the snapshot knows, up to the last write, that none of these definitions has a replica
   * (a replica write not yet noted is noted after this one, and marks the replicas itself).
   */
  private withoutReplicas(names: string[]): boolean {
    const base = this.base;
    if (!base || this.isDirty("all", base.gen)) return false;
    const wanted = new Set(names.map(nameKey));
    return names.every((n) => !this.isDirty(listKey("replicas", n), base.gen)) &&
      !base.value.resources.some((r) => wanted.has(nameKey(r.resource)));
  }

  private isDirty(key: string, baseGen: number): boolean {
    const t = this.touched.get(key);
    return t !== undefined && t > Math.max(baseGen, this.covered.get(key) ?? -1);
  }

  /** Touched lists of definitions inside the scope that were not read since. */
  private dirtyDefinitions(scope: LiveScope, baseGen: number): DirtyDefinitions {
    const out = noDefinitions();
    const lists = scope.lists ?? DEFINITION_LISTS;
    if (scope.resources && scope.resources.length > 0) {
      for (const r of scope.resources) for (const list of lists) if (this.isDirty(listKey(list, r), baseGen)) out[list].add(nameKey(r));
    } else {
      for (const key of this.touched.keys()) {
        const [list, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)] as [DefinitionList, string];
        if ((lists as readonly string[]).includes(list) && this.isDirty(key, baseGen)) out[list].add(name);
      }
    }
    return out;
  }

  /**
   * One full read at a time; readers arriving meanwhile share it, unless it began before a write
   * they must see: then they wait for it and share the next one. (A reader that joined an older read
   * and then settled for it could miss the definition created just before it, and refuse a plan
   * that needs it: "neither in the stack nor on the controller".)
   */
  private async readFull(): Promise<LiveCluster> {
    const need = this.writes;
    while (this.fullRead && this.fullRead.gen < need) await this.fullRead.done.catch(() => undefined);
    if (!this.fullRead) {
      const gen = this.writes;
      const at = this.now();
      const done = readLive(this.client, {}, this.version).then((value) => {
        this.version = value.controllerVersion;
        if (!this.base || this.base.gen <= gen) {
          this.base = { at, gen, value };
          // Keys read before this full read are covered by it. Keys a scoped read covered later
          // are not: its fresher entries are gone with the old snapshot, and this read's lists may
          // predate a write since `gen` (each list is answered when the controller gets to it), so
          // a key written since is dirty again.
          this.covered.clear();
        }
        return value;
      }).finally(() => { if (this.fullRead?.done === done) this.fullRead = undefined; });
      this.fullRead = { gen, done };
    }
    return this.fullRead.done;
  }

  /**
   * Joins the batch being gathered. It is sent on the next turn of the event loop (later while
   * readers of many definitions stream in: read-gathering.ts), or when the batch in flight
   * returns, and after the quick writes in flight have landed: one batch in flight at a time, so readers that arrive while the controller answers share the next one instead of
   * each sending their own. A list call the batch sends anyway also takes the other definitions
   * whose same list a landed write touched (see withDirtyOfSameLists).
   */
  private refresh(shared: SharedParts, rds: DirtyDefinitions): Promise<void> {
    const streaming = this.gathering.reader(DEFINITION_LISTS.flatMap((l) => [...rds[l]]));
    if (!this.batch) {
      const batch = { shared: {} as SharedParts, rds: noDefinitions(), done: Promise.resolve() };
      batch.done = this.gathering.wait(streaming).then(async () => {
        while (this.inFlight) await this.inFlight;
        // Only those in flight now: a stream of new writes never holds the batch back.
        await Promise.all([...this.quickWrites]);
        if (this.batch === batch) this.batch = undefined;
        const lists = this.withDirtyOfSameLists(batch.rds);
        this.gathering.sent(DEFINITION_LISTS.flatMap((l) => [...lists[l]]));
        const run = this.readPart(batch.shared, lists);
        const settled = run.then(() => undefined, () => undefined);
        this.inFlight = settled;
        void settled.then(() => { if (this.inFlight === settled) this.inFlight = undefined; });
        await run;
      });
      this.batch = batch;
    }
    for (const list of SHARED) if (shared[list]) this.batch.shared[list] = true;
    for (const list of DEFINITION_LISTS) for (const r of rds[list]) this.batch.rds[list].add(r);
    return this.batch.done;
  }

  /**
   * The batch's definitions plus, for each list it reads anyway, every other definition whose
   * list a landed write touched and nobody read since (up to maxScopedRefresh names in all): the
   * same request, fresh for them too, so their next reader needs none of its own.
   */
  private withDirtyOfSameLists(rds: DirtyDefinitions): DirtyDefinitions {
    const base = this.base;
    if (!base) return rds;
    const out = noDefinitions();
    for (const list of DEFINITION_LISTS) for (const r of rds[list]) out[list].add(r);
    const dirty = this.dirtyDefinitions({}, base.gen);
    const names = new Set(DEFINITION_LISTS.flatMap((l) => [...rds[l]]));
    for (const list of DEFINITION_LISTS) {
      if (out[list].size === 0) continue;
      for (const r of dirty[list]) {
        if (!names.has(r) && names.size >= this.maxScopedRefresh) break;
        names.add(r);
        out[list].add(r);
      }
    }
    return out;
  }

  /** Filtered list calls for the shared lists and/or lists of some definitions, merged into the snapshot. */
  private async readPart(shared: SharedParts, rds: DirtyDefinitions): Promise<void> {
    const gen = this.writes;
    this.sending = { gen, shared, rds };
    const none = Promise.resolve(undefined);
    const names = { definitions: [...rds.definitions], replicas: [...rds.replicas], snapshots: [...rds.snapshots] };
    const [n, sp, rg, rd, rs, snaps] = await Promise.all([
      shared.nodes ? this.client.nodes.list() : none,
      shared.pools || shared.capacity ? this.client.storagePools.view() : none,
      shared.groups ? this.client.resourceGroups.list() : none,
      names.definitions.length ? this.client.resourceDefinitions.list({ resourceDefinitions: names.definitions, withVolumeDefinitions: true }) : none,
      names.replicas.length ? this.client.resources.view({ resources: names.replicas }) : none,
      names.snapshots.length ? this.client.snapshots.view({ resources: names.snapshots }) : none,
    ]).finally(() => { this.sending = undefined; });
    this.merge(gen, shared, rds, { n, sp, rg, rd, rs, snaps });
  }

  /** Fresh lists read at write generation `gen` merged into the snapshot; what they cover is marked read. */
  private merge(gen: number, shared: SharedParts, rds: DirtyDefinitions, fresh: FreshLists): void {
    const { n, sp, rg, rd, rs, snaps } = fresh;
    const base = this.base;
    // Forgotten meanwhile: the caller loops into a full read. Or a full read that began after
    // this one landed first: never older data over newer (the caller loops and sees what is dirty).
    if (!base || base.gen > gen) return;
    // The refreshed entries replace those of the same definitions, in the controller's order (by name).
    const merge = <T>(list: T[], fresh: T[], refreshed: Set<string>, nameOf: (x: T) => string): T[] =>
      [...list.filter((x) => !refreshed.has(nameKey(nameOf(x)))), ...fresh].sort((a, b) => byName(nameOf(a), nameOf(b)));
    const v = base.value;
    this.base = {
      ...base,
      value: {
        nodes: n ? n.map(toLiveNode) : v.nodes,
        storagePools: sp ? sp.map(toLiveStoragePool) : v.storagePools,
        resourceGroups: rg ? rg.map(toLiveResourceGroup) : v.resourceGroups,
        resourceDefinitions: rd ? merge(v.resourceDefinitions, rd.map(toLiveResourceDefinition), rds.definitions, (d) => d.name) : v.resourceDefinitions,
        resources: rs ? merge(v.resources, rs.map(toLiveReplica), rds.replicas, (r) => r.resource) : v.resources,
        snapshots: snaps ? merge(v.snapshots, snaps.map(toLiveSnapshot), rds.snapshots, (x) => x.resource) : v.snapshots,
        controllerProps: v.controllerProps,
        controllerVersion: v.controllerVersion,
      },
    };
    const cover = (key: string): void => void this.covered.set(key, Math.max(gen, this.covered.get(key) ?? -1));
    if (sp) {
      shared = { ...shared, pools: true, capacity: true };
      cover(ALLOCATED);
    }
    for (const list of SHARED) if (shared[list]) cover(list);
    for (const list of DEFINITION_LISTS) for (const r of rds[list]) cover(listKey(list, r));
  }
}

/** Lists answered by the controller, each absent when not read. */
interface FreshLists {
  n?: rest.Node[];
  sp?: rest.StoragePool[];
  rg?: rest.ResourceGroup[];
  rd?: rest.ResourceDefinition[];
  rs?: rest.Resource[];
  snaps?: rest.Snapshot[];
}

/** Where each definition's entries sit in a snapshot's lists, by nameKey. */
interface DefinitionIndex {
  resourceDefinitions: Map<string, number[]>;
  resources: Map<string, number[]>;
  snapshots: Map<string, number[]>;
}
type IndexedList = keyof DefinitionIndex;
type Entry<L extends IndexedList> = LiveCluster[L][number];
/** The definition each entry of an indexed list belongs to. */
const DEFINITION_OF: { [L in IndexedList]: (x: Entry<L>) => string } = {
  resourceDefinitions: (d) => d.name,
  resources: (r) => r.resource,
  snapshots: (x) => x.resource,
};

/**
 * A refresh asks the same snapshot for one definition per resource: scanning every list for each
 * cost O(resources²) (60 ms and the garbage of a million upper-cased names at 900 replicas). An
 * index answers such a reader at once, but building it costs about as much as 7 scans, and during
 * a create most snapshots (one per merge) serve a read or two. So a snapshot is scanned for its
 * first INDEX_AFTER_SCANS readers and indexed after that: never much more than twice the cheaper
 * of the two. A merge makes a new snapshot object, so an index never outlives its lists.
 */
export const INDEX_AFTER_SCANS = 8;
const indexes = new WeakMap<LiveCluster, DefinitionIndex | number>();

function positions<L extends IndexedList>(c: LiveCluster, list: L): Map<string, number[]> {
  const out = new Map<string, number[]>();
  (c[list] as Entry<L>[]).forEach((x, i) => {
    const key = nameKey(DEFINITION_OF[list](x));
    const at = out.get(key);
    if (at) at.push(i);
    else out.set(key, [i]);
  });
  return out;
}

/** The snapshot's index, once it has served INDEX_AFTER_SCANS scans; undefined before (the caller scans). */
function definitionIndex(c: LiveCluster): DefinitionIndex | undefined {
  const seen = indexes.get(c) ?? 0;
  if (typeof seen !== "number") return seen;
  if (seen < INDEX_AFTER_SCANS) {
    indexes.set(c, seen + 1);
    return undefined;
  }
  const index = { resourceDefinitions: positions(c, "resourceDefinitions"), resources: positions(c, "resources"), snapshots: positions(c, "snapshots") };
  indexes.set(c, index);
  return index;
}

/** Applies a scope to a full LiveCluster the way the server-side filters would. */
export function filterLive(c: LiveCluster, s: LiveScope): LiveCluster {
  const set = (a?: string[]): Set<string> | undefined => (a && a.length ? new Set(a.map(nameKey)) : undefined);
  const nodes = set(s.nodes);
  const rds = set(s.resources);
  const rgs = set(s.resourceGroups);
  const inSet = (x: Set<string> | undefined, v: string): boolean => !x || x.has(nameKey(v));
  // The entries of the scope's definitions, in the list's own order.
  const index = rds && definitionIndex(c);
  const ofDefinitions = <L extends IndexedList>(list: L): LiveCluster[L] => {
    if (!rds) return c[list];
    const entries = c[list] as Entry<L>[];
    if (!index) return entries.filter((x) => rds.has(nameKey(DEFINITION_OF[list](x)))) as LiveCluster[L];
    const found = [...rds].flatMap((n) => index[list].get(n) ?? []).sort((a, b) => a - b);
    return found.map((i) => entries[i]) as LiveCluster[L];
  };
  return {
    nodes: c.nodes.filter((n) => inSet(nodes, n.name)),
    storagePools: c.storagePools.filter((p) => inSet(nodes, p.node)),
    resourceGroups: c.resourceGroups.filter((g) => inSet(rgs, g.name)),
    resourceDefinitions: ofDefinitions("resourceDefinitions"),
    resources: ofDefinitions("resources"),
    snapshots: ofDefinitions("snapshots"),
    controllerProps: c.controllerProps,
    controllerVersion: c.controllerVersion,
  };
}
