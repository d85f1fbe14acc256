// State records → the controller's JSON shapes (field names as in the REST OpenAPI document).
// Live state (in_use, disk states, replication states, connections) is left out for replicas on
// OFFLINE nodes, as the real controller does when a satellite has not reported.
import type { SimCore } from "./core";
import { drbdNetKib, storageKib } from "./sizes";
import { pojo } from "./json";
import { key } from "./names";
import {
  isDeleting,
  isDiskless,
  LONG_MAX,
  NodeRec,
  RscDfnRec,
  RscGrpRec,
  RscRec,
  SnapshotRec,
  sortedValues,
  StorPoolRec,
  supportsSnapshots,
  thinKind,
  VlmDfnRec,
  VlmRec,
} from "./state";

export function renderNode(sim: SimCore, n: NodeRec): Record<string, unknown> {
  return {
    name: n.name,
    type: n.type,
    flags: n.flags,
    props: n.props,
    net_interfaces: n.netIfs.map((i) => ({
      name: i.name,
      address: i.address,
      satellite_port: i.satellite_port,
      satellite_encryption_type: i.satellite_encryption_type,
      is_active: i.is_active,
      uuid: i.uuid,
    })),
    connection_status: n.online ? "ONLINE" : "OFFLINE",
    uuid: n.uuid,
    storage_providers: n.online ? ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"] : undefined,
    resource_layers: n.online ? ["DRBD", "LUKS", "NVME", "CACHE", "BCACHE", "WRITECACHE", "STORAGE"] : undefined,
    platform: "LINUX",
  };
}

export function vgOf(pool: StorPoolRec): string {
  return pool.props["StorDriver/StorPoolName"] ?? "";
}

export function renderStorPool(sim: SimCore, p: StorPoolRec): Record<string, unknown> {
  const node = sim.findNode(p.node);
  const diskless = p.kind === "DISKLESS";
  const reported = node?.online ?? false;
  const traits: Record<string, string> = { SupportsSnapshots: String(supportsSnapshots(p.kind)) };
  if (!diskless) traits.Provisioning = thinKind(p.kind) ? "Thin" : "Fat";
  return {
    storage_pool_name: p.name,
    node_name: p.node,
    provider_kind: p.kind,
    props: p.props,
    static_traits: traits,
    free_capacity: reported ? (diskless ? LONG_MAX : sim.freeKib(p)) : undefined,
    total_capacity: reported ? (diskless ? LONG_MAX : p.totalKib) : undefined,
    free_space_mgr_name: p.freeSpaceMgr ?? `${p.node};${p.name}`,
    uuid: p.uuid,
    supports_snapshots: supportsSnapshots(p.kind),
    external_locking: false,
  };
}

/** Json.java (1160-1199) never renders node_name_list, storage_pool_diskless_list, additional_place_count or diskless_type of a group. */
export function renderSelectFilter(f: RscGrpRec["selectFilter"]): Record<string, unknown> {
  const list = f.storage_pool_list ?? (f.storage_pool ? [f.storage_pool] : undefined);
  return {
    place_count: f.place_count ?? 2,
    storage_pool: list && list.length === 1 ? list[0] : undefined,
    storage_pool_list: list,
    not_place_with_rsc: f.not_place_with_rsc,
    not_place_with_rsc_regex: f.not_place_with_rsc_regex,
    replicas_on_same: f.replicas_on_same,
    replicas_on_different: f.replicas_on_different,
    x_replicas_on_different_map: f.x_replicas_on_different_map,
    layer_stack: f.layer_stack,
    provider_list: f.provider_list,
    diskless_on_remaining: f.diskless_on_remaining,
  };
}

export function renderRscGrp(g: RscGrpRec): Record<string, unknown> {
  return {
    name: g.name,
    description: g.description,
    props: g.props,
    select_filter: renderSelectFilter(g.selectFilter),
    uuid: g.uuid,
    peer_slots: g.peerSlots,
  };
}

export function renderVlmDfn(v: VlmDfnRec): Record<string, unknown> {
  return {
    volume_number: v.vlmNr,
    size_kib: v.sizeKib,
    props: v.props,
    flags: v.flags,
    layer_data:
      v.minor !== undefined ? [{ type: "DRBD", data: { resource_name_suffix: "", volume_number: v.vlmNr, minor_number: v.minor } }, { type: "STORAGE" }] : [{ type: "STORAGE" }],
    uuid: v.uuid,
  };
}

function drbdRdLayer(rd: RscDfnRec): Record<string, unknown> {
  return {
    resource_name_suffix: "",
    peer_slots: rd.peerSlots,
    al_stripes: 1,
    al_stripe_size_kib: 32,
    port: -1,
    transport_type: rd.transportType,
    secret: rd.secret,
    down: false,
  };
}

export function renderRscDfn(rd: RscDfnRec, withVds: boolean): Record<string, unknown> {
  const layers = rd.layerStack.map((t) => (t === "DRBD" ? { type: "DRBD", data: drbdRdLayer(rd) } : { type: t }));
  return {
    name: rd.name,
    external_name: rd.externalName,
    props: rd.props,
    flags: rd.flags,
    layer_data: layers,
    uuid: rd.uuid,
    resource_group_name: rd.rscGrp,
    volume_definitions: withVds ? rd.vlmDfns.map(renderVlmDfn) : undefined,
  };
}

// ---- resources -----------------------------------------------------------------------------

function backingDevice(sim: SimCore, rd: RscDfnRec, r: RscRec, v: VlmRec): string | undefined {
  const pool = sim.pool(r.node, v.storPool);
  if (!pool || pool.kind === "DISKLESS") return undefined;
  const vol = `${rd.name}_${String(v.vlmNr).padStart(5, "0")}`;
  const base = vgOf(pool);
  switch (pool.kind) {
    case "LVM":
      return `/dev/${base}/${vol}`;
    case "LVM_THIN":
      return `/dev/${base.split("/")[0]}/${vol}`;
    case "ZFS":
    case "ZFS_THIN":
      return `/dev/zvol/${base}/${vol}`;
    default:
      return `${base}/${vol}.img`;
  }
}


/** Disk state text: SyncTarget(NN.NN%) while a resync makes progress (§2.1). */
export function diskStateText(v: VlmRec): string {
  if (v.disk === "Inconsistent" && v.sync?.source && v.sync.doneKib > 0) {
    return `SyncTarget(${((100 * v.sync.doneKib) / v.sync.totalKib).toFixed(2)}%)`;
  }
  return v.disk;
}

function syncPct(v: VlmRec): number {
  return v.sync ? Math.round((10000 * v.sync.doneKib) / v.sync.totalKib) / 100 : 0;
}

function replicationStates(sim: SimCore, rd: RscDfnRec, r: RscRec, v: VlmRec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const peer of sortedValues(rd.resources)) {
    if (peer === r) continue;
    const peerNode = sim.findNode(peer.node);
    if (!peerNode?.online || isDeleting(peer)) {
      out[peer.node] = { replication_state: "Off" };
      continue;
    }
    const pv = peer.vlms.find((x) => x.vlmNr === v.vlmNr);
    if (v.sync?.source === key(peer.node) && v.disk === "Inconsistent") {
      out[peer.node] = { replication_state: "SyncTarget", done_percentage: syncPct(v) };
    } else if (pv?.sync?.source === key(r.node) && pv.disk === "Inconsistent") {
      out[peer.node] = { replication_state: "SyncSource", done_percentage: syncPct(pv) };
    } else {
      out[peer.node] = { replication_state: "Established" };
    }
  }
  return out;
}

interface VolumeViews {
  drbd: Record<string, unknown>;
  storage: Record<string, unknown>;
  volume: Record<string, unknown>;
}

function volumeViews(sim: SimCore, rd: RscDfnRec, r: RscRec, v: VlmRec, live: boolean): VolumeViews {
  const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
  const size = vd?.sizeKib ?? 0;
  const minor = vd?.minor ?? 0;
  const pool = sim.pool(r.node, v.storPool);
  const diskless = isDiskless(r);
  const backing = backingDevice(sim, rd, r, v);
  const hasDrbd = rd.layerStack.includes("DRBD");
  // the LV is rounded up to the pool's granularity; DRBD uses what fits in it (sizes.ts)
  const lv = diskless ? 0 : storageKib(size, hasDrbd, rd.peerSlots, pool);
  const drbdUsable = diskless ? size : drbdNetKib(lv, rd.peerSlots);
  const thin = pool ? thinKind(pool.kind) : false;
  const disk = live ? (diskless ? "Diskless" : diskStateText(v)) : undefined;
  const drbdDevice = hasDrbd ? `/dev/drbd${minor}` : backing;
  const drbd = {
    drbd_volume_definition: { resource_name_suffix: "", volume_number: v.vlmNr, minor_number: minor },
    device_path: drbdDevice,
    backing_device: backing,
    meta_disk: diskless ? undefined : "internal",
    allocated_size_kib: diskless ? 0 : lv,
    usable_size_kib: drbdUsable,
    disk_state: disk,
  };
  // a file-backed volume's storage layer reports an empty state list (LINSTOR 1.34, FILE_THIN)
  const fileBacked = pool?.kind === "FILE" || pool?.kind === "FILE_THIN";
  const storage = {
    volume_number: v.vlmNr,
    device_path: backing,
    allocated_size_kib: diskless ? 0 : thin ? v.allocatedKib : lv,
    usable_size_kib: diskless ? 0 : lv,
    disk_state: fileBacked && live ? "[]" : undefined,
  };
  // Json.apiToVolume: no top-level usable size (never set); state only where DRBD reports one
  const volume = {
    volume_number: v.vlmNr,
    storage_pool_name: v.storPool,
    provider_kind: pool?.kind ?? "DISKLESS",
    device_path: drbdDevice,
    allocated_size_kib: diskless ? 0 : thin ? v.allocatedKib : lv,
    props: { ...(hasDrbd ? { StorPoolName: v.storPool } : {}), ...(v.props ?? {}) },
    flags: v.flags,
    state: live && hasDrbd ? { disk_state: disk, replication_states: replicationStates(sim, rd, r, v) } : undefined,
    layer_data_list: hasDrbd
      ? [
          { type: "DRBD", data: drbd },
          { type: "STORAGE", data: storage },
        ]
      : [{ type: "STORAGE", data: storage }],
    uuid: v.uuid,
  };
  return { drbd, storage, volume };
}

export function renderResource(sim: SimCore, rd: RscDfnRec, r: RscRec, withVolumes: boolean): Record<string, unknown> {
  const node = sim.findNode(r.node);
  const live = node?.online ?? false;
  const views = r.vlms.map((v) => volumeViews(sim, rd, r, v, live));
  const connections: Record<string, unknown> = {};
  for (const peer of sortedValues(rd.resources)) {
    if (peer === r) continue;
    const up = (sim.findNode(peer.node)?.online ?? false) && !isDeleting(peer);
    connections[peer.node] = { connected: up, message: up ? "Connected" : "Connecting" };
  }
  const uptodate = r.vlms.length > 0 && r.vlms.every((v) => v.disk === "UpToDate");
  const hasAccess = uptodate || Object.values(rd.resources).some((p) => !isDiskless(p) && p.vlms.every((v) => v.disk === "UpToDate"));
  const drbd = {
    drbd_resource_definition: drbdRdLayer(rd),
    node_id: r.nodeId,
    tcp_ports: r.tcpPorts,
    peer_slots: rd.peerSlots,
    al_stripes: 1,
    al_size: 32,
    flags: r.drbdFlags,
    drbd_volumes: views.map((x) => x.drbd),
    connections: live ? connections : undefined,
    promotion_score: live ? (hasAccess && !isDiskless(r) ? 10102 : hasAccess ? 1 : 0) : undefined,
    may_promote: live ? hasAccess && !r.inUse : undefined,
  };
  const storageChild = {
    type: "STORAGE",
    resource_name_suffix: "",
    storage: { storage_volumes: views.map((x) => x.storage) },
  };
  const layer = rd.layerStack.includes("DRBD")
    ? { type: "DRBD", resource_name_suffix: "", children: [storageChild], drbd }
    : { type: "STORAGE", resource_name_suffix: "", storage: storageChild.storage };
  return {
    name: rd.name,
    node_name: r.node,
    props: { ...r.props },
    flags: r.flags,
    layer_object: layer,
    // ResourceState: in_use only where DRBD reports it; an empty bean for a STORAGE-only replica
    state: live ? pojo(rd.layerStack.includes("DRBD") ? { in_use: r.inUse } : {}) : undefined,
    uuid: r.uuid,
    create_timestamp: r.createTs,
    volumes: withVolumes ? views.map((x) => x.volume) : undefined,
  };
}

export function renderSnapshot(sim: SimCore, s: SnapshotRec): Record<string, unknown> {
  return {
    name: s.name,
    resource_name: s.rd,
    nodes: s.nodes.map((n) => n.node),
    props: { ...s.rdProps, ...s.snapDfnProps },
    snapshot_definition_props: s.snapDfnProps,
    resource_definition_props: s.rdProps,
    flags: s.flags,
    volume_definitions: s.vds.map((v) => ({ volume_number: v.vlmNr, size_kib: v.sizeKib })),
    uuid: s.uuid,
    snapshots: s.nodes.map((n) => ({
      snapshot_name: s.name,
      node_name: n.node,
      create_timestamp: n.createTs,
      flags: [],
      uuid: n.uuid,
      snapshot_volumes: n.vlms.map((v) => ({ vlm_nr: v.vlmNr, state: sim.findNode(n.node)?.online ? "Successful" : undefined })),
    })),
  };
}

