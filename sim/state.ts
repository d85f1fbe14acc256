// The simulator's state: plain JSON-able records keyed by upper-cased names (identity is
// case-insensitive, display keeps the spelling given at creation). Persisted whole by persist.ts.
import { randomUUID } from "node:crypto";
import { key } from "./names";

export type Props = Record<string, string>;

export interface NetIfRec {
  name: string;
  address: string;
  satellite_port?: number;
  satellite_encryption_type?: string;
  is_active?: boolean;
  uuid: string;
}

export interface NodeRec {
  name: string;
  type: string;
  props: Props;
  flags: string[];
  netIfs: NetIfRec[];
  uuid: string;
  online: boolean;
}

export interface StorPoolRec {
  name: string;
  node: string;
  kind: string;
  props: Props;
  uuid: string;
  /** KiB; undefined for DISKLESS (reported as Long.MAX_VALUE). */
  totalKib?: number;
  freeSpaceMgr?: string;
}

export interface StorPoolDfnRec {
  name: string;
  props: Props;
  uuid: string;
}

export interface SelectFilter {
  place_count?: number;
  additional_place_count?: number;
  node_name_list?: string[];
  storage_pool?: string;
  storage_pool_list?: string[];
  storage_pool_diskless_list?: string[];
  not_place_with_rsc?: string[];
  not_place_with_rsc_regex?: string;
  replicas_on_same?: string[];
  replicas_on_different?: string[];
  x_replicas_on_different_map?: Record<string, number>;
  layer_stack?: string[];
  provider_list?: string[];
  diskless_on_remaining?: boolean;
  diskless_type?: string;
  overprovision?: number;
}

export interface VlmGrpRec {
  vlmNr: number;
  props: Props;
  flags: string[];
  uuid: string;
}

export interface RscGrpRec {
  name: string;
  description?: string;
  props: Props;
  selectFilter: SelectFilter;
  uuid: string;
  peerSlots?: number;
  vlmGrps: VlmGrpRec[];
}

export interface VlmDfnRec {
  vlmNr: number;
  sizeKib: number;
  /** DRBD minor; only while the definition's layer stack has DRBD (or is still open) */
  minor?: number;
  props: Props;
  flags: string[];
  uuid: string;
}

export type DiskState = "UpToDate" | "Inconsistent" | "Outdated" | "Diskless";

export interface SyncRec {
  /** upper-cased node key of the SyncSource, when one is chosen */
  source?: string;
  doneKib: number;
  totalKib: number;
}

export interface VlmRec {
  vlmNr: number;
  storPool: string;
  uuid: string;
  disk: DiskState;
  sync?: SyncRec;
  /** KiB actually allocated (thin accounting); full size for thick pools. */
  allocatedKib: number;
  flags: string[];
  /** props set through PUT …/volumes/{nr} */
  props?: Props;
}

export interface RscRec {
  rd: string;
  node: string;
  props: Props;
  flags: string[];
  drbdFlags: string[];
  nodeId: number;
  tcpPorts: number[];
  uuid: string;
  createTs: number;
  inUse: boolean;
  vlms: VlmRec[];
  /** toggle-disk migrate_from: the node whose replica goes once this one is UpToDate */
  migrateFrom?: string;
}

export interface SnapVlmRec {
  vlmNr: number;
  storPool: string;
  kind: string;
  allocatedKib: number;
}

export interface SnapNodeRec {
  node: string;
  createTs: number;
  uuid: string;
  vlms: SnapVlmRec[];
}

export interface SnapshotRec {
  rd: string;
  name: string;
  uuid: string;
  flags: string[];
  snapDfnProps: Props;
  rdProps: Props;
  vds: { vlmNr: number; sizeKib: number }[];
  nodes: SnapNodeRec[];
  seq: number;
}

export interface RscConnRec {
  /** node names as given, in the order of the first PUT */
  nodeA: string;
  nodeB: string;
  props: Props;
  uuid: string;
}

export interface KvsRec {
  name: string;
  props: Props;
  uuid: string;
}

export interface CloneRec {
  source: string;
  clone: string;
  status: "CLONING" | "COMPLETE" | "FAILED";
}

export interface RscDfnRec {
  name: string;
  externalName?: string;
  props: Props;
  flags: string[];
  layerStack: string[];
  rscGrp: string;
  uuid: string;
  peerSlots: number;
  secret: string;
  transportType: string;
  vlmDfns: VlmDfnRec[];
  resources: Record<string, RscRec>;
  snapshots: Record<string, SnapshotRec>;
  /** resource connections with props, keyed "NODEA/NODEB" (upper-cased, sorted) */
  rscConns?: Record<string, RscConnRec>;
}

export interface SimEvent {
  seq: number;
  time: number;
  type: string;
  resource?: string;
  node?: string;
  volume?: number;
  detail?: string;
  upToDate?: number;
}

export interface NodeConnRec {
  nodeA: string;
  nodeB: string;
  props: Props;
  uuid: string;
}

export interface SimStateData {
  version: 1;
  controllerProps: Props;
  nodes: Record<string, NodeRec>;
  storPoolDfns: Record<string, StorPoolDfnRec>;
  /** node key → pool key → pool */
  storPools: Record<string, Record<string, StorPoolRec>>;
  rscGrps: Record<string, RscGrpRec>;
  rscDfns: Record<string, RscDfnRec>;
  events: SimEvent[];
  eventSeq: number;
  snapSeq: number;
  /** key-value store instances (absent in states saved before they existed) */
  kvs?: Record<string, KvsRec>;
  /** clones started through POST …/clone, keyed by the clone's upper-cased name */
  clones?: Record<string, CloneRec>;
  /** node connections with props, keyed "NODEA/NODEB" (upper-cased, sorted) */
  nodeConns?: Record<string, NodeConnRec>;
}

export const DISKLESS_POOL = "DfltDisklessStorPool";
export const LONG_MAX = 9223372036854775807n;

export function uuid(): string {
  return randomUUID();
}

export function emptyState(): SimStateData {
  return {
    version: 1,
    controllerProps: {
      "DrbdOptions/auto-add-quorum-tiebreaker": "True",
      "DrbdOptions/auto-diskful-allow-cleanup": "True",
      "DrbdOptions/AutoEvictAllowEviction": "True",
      "NetCom/PlainConnector/bindaddress": "",
      "NetCom/PlainConnector/port": "3376",
      "NetCom/PlainConnector/type": "plain",
      "NetCom/PlainConnector/enabled": "true",
    },
    nodes: {},
    storPoolDfns: {
      [key("DfltStorPool")]: { name: "DfltStorPool", props: {}, uuid: uuid() },
      [key(DISKLESS_POOL)]: { name: DISKLESS_POOL, props: {}, uuid: uuid() },
    },
    storPools: {},
    rscGrps: {
      [key("DfltRscGrp")]: { name: "DfltRscGrp", props: {}, selectFilter: { place_count: 2 }, uuid: uuid(), vlmGrps: [] },
    },
    rscDfns: {},
    events: [],
    eventSeq: 0,
    snapSeq: 0,
  };
}

// ---- small helpers over records -----------------------------------------------------------

export function isDiskless(r: RscRec): boolean {
  return r.flags.includes("DISKLESS") || r.flags.includes("DRBD_DISKLESS");
}

export function isDeleting(r: RscRec): boolean {
  return r.flags.includes("DELETE");
}

export function isTieBreaker(r: RscRec): boolean {
  return r.flags.includes("TIE_BREAKER");
}

/** DRBD definitions (and those whose stack the first resource will fix to DRBD,STORAGE). */
export function usesDrbd(rd: { layerStack: string[] }): boolean {
  return rd.layerStack.length === 0 || rd.layerStack.includes("DRBD");
}

export function thinKind(kind: string): boolean {
  return kind === "LVM_THIN" || kind === "ZFS_THIN" || kind === "FILE_THIN";
}

export function supportsSnapshots(kind: string): boolean {
  return ["LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"].includes(kind);
}

export function addFlag(flags: string[], ...add: string[]): void {
  for (const f of add) if (!flags.includes(f)) flags.push(f);
}

export function removeFlag(flags: string[], ...rm: string[]): void {
  for (const f of rm) {
    const i = flags.indexOf(f);
    if (i >= 0) flags.splice(i, 1);
  }
}

/** Records of a map sorted by key (the controller's maps are sorted by upper-cased name). */
export function sortedValues<T>(m: Record<string, T>): T[] {
  return Object.keys(m)
    .sort()
    .map((k) => m[k]);
}
