// `pulumi-linstor export`: the YAML stack that describes a live cluster, so an existing cluster can
// be taken over. The stack says `adopt: true`: its first `pulumi up` imports every object it names
// and creates nothing. Only what the stack format can say is written; what the controller made by
// itself (tie-breakers, the default diskless pool, its internal properties) is left out, and
// anything the format cannot express is named in a comment instead of being guessed.

import { Document, isMap, isSeq, isScalar, visit } from "yaml";
import { nameKey } from "../model/names";
import { BALANCE_KEY, MANAGED_PROPS_KEY } from "../model/props";
import type { LiveCluster, LiveReplica, LiveResourceDefinition, LiveStoragePool, PlacementSpec, Props } from "../model/types";

export interface ExportOptions {
  /** Value of the `# yaml-language-server: $schema=` line (a path relative to the output file, or a URL). */
  schemaRef: string;
  /** Where the cluster was read from, for the header comment. */
  source?: string;
}

/** The controller's own properties: never set by users, so never part of a stack. */
const INTERNAL_KEYS = new Set([
  "CurStltConnName", "NodeUname", "StorPoolName", "DrbdPrimarySetOn", "StorDriver/StorPoolName",
  // Set by the controller on new volume definitions (1.34 writes it without leading zeros, which
  // its own rule [a-fA-F0-9]{16} then refuses when a client sends it back).
  "DrbdCurrentGi",
  "DrbdOptions/auto-verify-alg",
]);
const INTERNAL_PREFIXES = ["Internal/", "StorDriver/internal/", "Aux/pulumi-linstor/"];
/** Quorum settings LINSTOR manages itself once it recorded `Internal/Drbd/QuorumSetBy`. */
const AUTO_QUORUM_KEYS = ["DrbdOptions/Resource/quorum", "DrbdOptions/Resource/on-no-quorum"];
/** Made by the controller for every node; a stack names it only when a group's placement does. */
const DEFAULT_DISKLESS_POOL = "DfltDisklessStorPool";
const DEFAULT_GROUP = "DfltRscGrp";
const BALANCE_OFF: [string, string] = [BALANCE_KEY, "false"];

type Map = Record<string, unknown>;

/**
 * The user's properties of an object: without the controller's internal ones, our own marker, and
 * the `implied` key/value pairs the planner sets by itself anyway.
 */
export function userProps(props: Props, implied: [string, string][] = []): Props | undefined {
  // Auto-quorum is LINSTOR's unless a user set quorum (Internal/Drbd/QuorumSetBy=user); absent means linstor.
  const quorumByLinstor = props["Internal/Drbd/QuorumSetBy"] !== "user";
  const out: Props = {};
  for (const [k, v] of Object.entries(props).sort(([a], [b]) => a.localeCompare(b))) {
    if (INTERNAL_KEYS.has(k) || k === MANAGED_PROPS_KEY || INTERNAL_PREFIXES.some((p) => k.startsWith(p))) continue;
    if (implied.some(([key, value]) => key === k && value === v.toLowerCase())) continue;
    if (quorumByLinstor && AUTO_QUORUM_KEYS.includes(k)) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** KiB as the shortest exact size text: 153600 → 150m. */
export function sizeText(kib: number): string {
  if (kib % (1024 * 1024) === 0) return `${kib / (1024 * 1024)}g`;
  if (kib % 1024 === 0) return `${kib / 1024}m`;
  return `${kib}k`;
}

const byName = <T>(key: (x: T) => string) => (a: T, b: T): number => key(a).localeCompare(key(b));
const lower = (layers: string[]): string[] => layers.map((l) => l.toLowerCase());
const defaultPort = (encryption: string | undefined): number => (encryption === "SSL" ? 3367 : 3366);

/** Builds the stack text; `notes` collects what could not be written (also put in the header). */
export function exportStack(live: LiveCluster, opts: ExportOptions): { text: string; notes: string[] } {
  const notes: string[] = [];
  const stack: Map = { adopt: true };

  // Nodes.
  const nodes: Map = {};
  for (const n of [...live.nodes].sort(byName((x) => x.name))) {
    if (!n.address) {
      notes.push(`node ${n.name} has no address the controller reports: left out`);
      continue;
    }
    const node: Map = { address: n.address };
    if (n.type && n.type.toUpperCase() !== "SATELLITE") node.type = n.type.toUpperCase();
    if (n.encryption === "SSL") node.encryption = "SSL";
    if (n.port !== undefined && n.port !== defaultPort(n.encryption)) node.port = n.port;
    const props = userProps(n.props);
    if (props) node.props = props;
    nodes[n.name] = node;
  }
  stack.nodes = nodes;
  const declared = new Set(Object.keys(nodes).map(nameKey));

  // Resource groups first: their placement decides whether the default diskless pool is needed.
  const groups: Map = {};
  const referencedPools = new Set<string>();
  for (const g of [...live.resourceGroups].sort(byName((x) => x.name))) {
    if (nameKey(g.name) === nameKey(DEFAULT_GROUP)) continue;
    const group: Map = {};
    if (g.description) group.description = g.description;
    const placement = placementOf(g.placement, "placeCount");
    if (placement) group.placement = placement;
    for (const p of [...(g.placement.storagePools ?? []), ...(g.placement.disklessStoragePools ?? [])]) referencedPools.add(nameKey(p));
    const props = userProps(g.props);
    if (props) group.props = props;
    groups[g.name] = group;
  }

  // Storage pools, one entry per name with the nodes that have it.
  const pools: Map = {};
  const poolsByName = new globalThis.Map<string, LiveStoragePool[]>();
  for (const p of live.storagePools) {
    if (!declared.has(nameKey(p.node))) continue;
    if (nameKey(p.name) === nameKey(DEFAULT_DISKLESS_POOL) && !referencedPools.has(nameKey(p.name))) continue;
    poolsByName.set(p.name, [...(poolsByName.get(p.name) ?? []), p]);
  }
  for (const [name, members] of [...poolsByName].sort(([a], [b]) => a.localeCompare(b))) {
    members.sort(byName((m) => m.node));
    pools[name] = poolEntry(members, notes);
  }
  if (Object.keys(pools).length > 0) stack.storagePools = pools;
  if (Object.keys(groups).length > 0) stack.resourceGroups = groups;

  // Resources.
  const resources: Map = {};
  for (const rd of [...live.resourceDefinitions].sort(byName((x) => x.name))) {
    if (rd.flags.includes("DELETE")) continue;
    const replicas = live.resources.filter((r) => nameKey(r.resource) === nameKey(rd.name) && !r.deleting);
    const entry = resourceEntry(rd, replicas, live, notes);
    if (entry) resources[rd.name] = entry;
  }
  if (Object.keys(resources).length > 0) stack.resources = resources;

  return { text: render(stack, opts, notes), notes };
}

function placementOf(p: PlacementSpec, countKey: "placeCount" | "count"): Map | undefined {
  const out: Map = {};
  if (p.placeCount !== undefined) out[countKey] = p.placeCount;
  for (const key of ["storagePools", "disklessStoragePools", "replicasOnSame", "replicasOnDifferent", "doNotPlaceWith", "doNotPlaceWithRegex", "providerList", "disklessOnRemaining"] as const) {
    if (p[key] !== undefined) out[key] = p[key];
  }
  if (p.layerStack && countKey === "placeCount") out.layerStack = lower(p.layerStack);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One pool on its nodes: settings all nodes share at the pool, the rest per node. */
function poolEntry(members: LiveStoragePool[], notes: string[]): Map {
  const kinds = new Set(members.map((m) => String(m.providerKind).toUpperCase()));
  if (kinds.size > 1) notes.push(`storage pool ${members[0].name} has different provider kinds on its nodes (${[...kinds].join(", ")}): written as ${[...kinds][0]}`);
  const kind = [...kinds][0];
  const entry: Map = { providerKind: kind };
  const backings = new Set(members.map((m) => m.backingPool));
  const perProps = members.map((m) => userProps(m.props) ?? {});
  const common: Props = {};
  for (const [k, v] of Object.entries(perProps[0])) if (perProps.every((p) => p[k] === v)) common[k] = v;
  const sharedBacking = backings.size === 1 ? members[0].backingPool : undefined;
  if (sharedBacking !== undefined && kind !== "DISKLESS") entry.backingPool = sharedBacking;
  const overrides = members.map((m, i) => {
    const o: Map = {};
    if (backings.size > 1 && m.backingPool !== undefined && kind !== "DISKLESS") o.backingPool = m.backingPool;
    const own = Object.fromEntries(Object.entries(perProps[i]).filter(([k]) => !(k in common)));
    if (Object.keys(own).length > 0) o.props = own;
    return o;
  });
  if (overrides.every((o) => Object.keys(o).length === 0)) {
    entry.nodes = members.map((m) => m.node);
  } else {
    entry.nodes = Object.fromEntries(members.map((m, i) => [m.node, Object.keys(overrides[i]).length > 0 ? overrides[i] : null]));
  }
  if (Object.keys(common).length > 0) entry.props = common;
  return entry;
}

function resourceEntry(rd: LiveResourceDefinition, replicas: LiveReplica[], live: LiveCluster, notes: string[]): Map | undefined {
  const diskful = replicas.filter((r) => !r.diskless).sort(byName((r) => r.node));
  // Tie-breakers are the controller's: it adds and removes them itself.
  const clients = replicas.filter((r) => r.diskless && !r.tieBreaker).sort(byName((r) => r.node));
  if (diskful.length === 0) {
    notes.push(`resource ${rd.name} has no diskful replica: left out (a stack places at least one)`);
    return undefined;
  }
  if (rd.volumes.length === 0) {
    notes.push(`resource ${rd.name} has no volumes: left out (a stack resource has at least one)`);
    return undefined;
  }
  const entry: Map = {};
  if (rd.resourceGroup && nameKey(rd.resourceGroup) !== nameKey(DEFAULT_GROUP)) entry.group = rd.resourceGroup;
  if (rd.layerStack.length > 0) entry.layers = lower(rd.layerStack);
  entry.volumes = [...rd.volumes].sort((a, b) => a.number - b.number).map((v, i) => {
    const props = userProps(v.props);
    if (v.number === i && !props) return sizeText(v.sizeKib);
    return { size: sizeText(v.sizeKib), ...(v.number !== i ? { number: v.number } : {}), ...(props ? { props } : {}) };
  });
  entry.nodes = diskful.map((r) => r.node);
  const pools = new Set(diskful.map((r) => r.storagePool).filter((p) => p !== undefined));
  if (pools.size === 1) entry.storagePool = [...pools][0];
  if (clients.length > 0) entry.diskless = clients.map((r) => r.node);
  // The planner switches the controller's balancing off itself for explicit nodes (what export writes).
  const props = userProps(rd.props, [BALANCE_OFF]);
  if (props) entry.props = props;
  const replicaProps = commonProps(replicas.filter((r) => !r.tieBreaker).map((r) => userProps(r.props) ?? {}));
  if (replicaProps) entry.replicaProps = replicaProps;

  const holders = new Set(diskful.map((r) => nameKey(r.node)));
  const snapshots: Map = {};
  for (const s of live.snapshots.filter((x) => nameKey(x.resource) === nameKey(rd.name)).sort(byName((x) => x.name))) {
    if (s.flags.includes("DELETE")) continue;
    // LINSTOR's own rollback safety snapshots come and go with the rollback.
    if (/^safety-snap/i.test(s.name)) continue;
    const away = s.nodes.filter((n) => !holders.has(nameKey(n)));
    if (away.length > 0) {
      notes.push(`snapshot ${rd.name}/${s.name} is on ${away.join(", ")}, where ${rd.name} has no diskful replica any more: left out (a stack snapshots only nodes with a replica)`);
      continue;
    }
    snapshots[s.name] = { nodes: [...s.nodes].sort((a, b) => a.localeCompare(b)) };
  }
  if (Object.keys(snapshots).length > 0) entry.snapshots = snapshots;
  return entry;
}

/** The properties every replica has with the same value (only those can be written once for all). */
function commonProps(all: Props[]): Props | undefined {
  if (all.length === 0) return undefined;
  const out: Props = {};
  for (const [k, v] of Object.entries(all[0])) if (all.every((p) => p[k] === v)) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function render(stack: Map, opts: ExportOptions, notes: string[]): string {
  const doc = new Document(stack);
  // Short things on one line, as a person would write them: node entries, name lists, sizes.
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
    Map(_, map) {
      const small = map.items.length <= 3 && map.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.flow));
      if (small && !map.items.some((p) => isMap(p.value))) map.flow = true;
    },
  });
  // The stack root stays a block map.
  if (isMap(doc.contents)) doc.contents.flow = false;
  const header = [
    `# yaml-language-server: $schema=${opts.schemaRef}`,
    "#",
    `# Written by \`pulumi-linstor export\`${opts.source ? ` from ${opts.source}` : ""}: the cluster as it is.`,
    "# adopt: true makes the first `pulumi up` take over every object below without creating anything.",
    ...notes.map((n) => `# Not exported: ${n}`),
    "",
  ];
  return `${header.join("\n")}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: true })}`;
}
