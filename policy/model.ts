// The stack as the policy rules see it: the LINSTOR objects of one preview, read from the
// resources Pulumi hands to a stack policy (their inputs, plus the outputs of objects that exist).
// Only what the rules need; nothing here talks to a controller.

import { nameKey } from "../provider/model/names";
import { parseSizeKib } from "../provider/model/sizes";

/** What a stack policy receives per resource (the fields of @pulumi/policy's PolicyResource used here). */
export interface SeenResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface NodeView { name: string; props: Record<string, string> }
export interface PoolView { node: string; name: string; providerKind?: string; totalKib?: number; supportsSnapshots?: boolean }
export interface DefinitionView { name: string; layerStack?: string[]; resourceGroup?: string }
export interface VolumeView { resource: string; number: number; sizeKib?: number }
export interface GroupView { name: string; replicasOnDifferent: string[]; placeCount?: number }
/** A replica set: explicit nodes, or auto-placed (then `placed` lists what the controller chose, once known). */
export interface ReplicaSetView {
  resource: string;
  nodes?: string[];
  placeCount?: number;
  replicasOnDifferent: string[];
  storagePools: string[];
  placed?: { node: string; storagePool?: string }[];
}
export interface SnapshotView { resource: string; name: string }

export interface StackView {
  nodes: NodeView[];
  pools: PoolView[];
  groups: GroupView[];
  definitions: DefinitionView[];
  volumes: VolumeView[];
  replicaSets: ReplicaSetView[];
  snapshots: SnapshotView[];
}

/** `pulumi-nodejs:dynamic/linstor:Resource` → `Resource`; undefined for anything that is not a LINSTOR object. */
export function linstorKind(type: string): string | undefined {
  return /(?:^|[:/])linstor:(\w+)$/.exec(type)?.[1];
}

/**
 * Reads a value that may not be known yet. During a preview, values that depend on objects the
 * same run creates are unknown, and @pulumi/policy throws when one is touched; a rule then works
 * with what is known (the logical names carry the same information) instead of not running at all.
 */
function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const strs = (v: unknown): string[] | undefined =>
  known(() => (Array.isArray(v) ? [...v].filter((x): x is string => typeof x === "string") : undefined));
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The known fields of an object (copied, so later reads cannot throw). */
function plain(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = record(v);
  for (const key of known(() => Object.keys(source)) ?? []) {
    const value = known(() => source[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function stringProps(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(plain(v))) if (typeof x === "string") out[k] = x;
  return out;
}

function sizeKibOf(props: Record<string, unknown>): number | undefined {
  const known = num(props.sizeKib) ?? num(props.actualSizeKib);
  if (known !== undefined) return known;
  const size = props.size;
  if (typeof size !== "string" && typeof size !== "number") return undefined;
  try {
    return parseSizeKib(size);
  } catch {
    return undefined; // the provider's own check reports a bad size; a policy does not guess
  }
}

/** A node property key as LINSTOR's auto-placer reads it: `rack` means `Aux/rack`. */
export function auxKey(key: string): string {
  return key.includes("/") ? key : `Aux/${key}`;
}

export function viewOf(resources: SeenResource[]): StackView {
  const view: StackView = { nodes: [], pools: [], groups: [], definitions: [], volumes: [], replicaSets: [], snapshots: [] };
  for (const r of resources) {
    const p = plain(r.props);
    switch (linstorKind(r.type)) {
      case "Node":
        view.nodes.push({ name: str(p.name) ?? r.name, props: stringProps(p.props) });
        break;
      case "StoragePool": {
        const [node, name] = r.name.split("/");
        view.pools.push({
          node: str(p.node) ?? node, name: str(p.name) ?? name, providerKind: str(p.providerKind),
          totalKib: num(p.totalCapacityKib), supportsSnapshots: typeof p.supportsSnapshots === "boolean" ? p.supportsSnapshots : undefined,
        });
        break;
      }
      case "ResourceGroup": {
        const placement = plain(p.placement);
        view.groups.push({ name: str(p.name) ?? r.name, replicasOnDifferent: (strs(placement.replicasOnDifferent) ?? []).map(auxKey), placeCount: num(placement.placeCount) });
        break;
      }
      case "ResourceDefinition":
        view.definitions.push({ name: str(p.name) ?? r.name, layerStack: strs(p.layerStack), resourceGroup: str(p.resourceGroup) });
        break;
      case "VolumeDefinition": {
        const [resource, nr] = r.name.split("/");
        view.volumes.push({ resource: str(p.resource) ?? resource, number: num(p.number) ?? Number(nr), sizeKib: sizeKibOf(p) });
        break;
      }
      case "Resource": {
        const auto = Object.keys(plain(p.autoPlace)).length > 0 ? plain(p.autoPlace) : undefined;
        const replicas = known(() => (Array.isArray(p.replicas) ? [...p.replicas].map(plain) : undefined));
        view.replicaSets.push({
          resource: str(p.resource) ?? r.name,
          nodes: strs(p.nodes),
          placeCount: num(auto?.placeCount),
          replicasOnDifferent: (strs(auto?.replicasOnDifferent) ?? []).map(auxKey),
          storagePools: str(p.storagePool) ? [p.storagePool as string] : strs(auto?.storagePools) ?? [],
          placed: replicas?.filter((x) => x.diskless !== true).map((x) => ({ node: String(x.node), storagePool: str(x.storagePool) })),
        });
        break;
      }
      case "Snapshot": {
        const [resource, name] = r.name.split("/");
        view.snapshots.push({ resource: str(p.resource) ?? resource, name: str(p.name) ?? name });
        break;
      }
      default:
        break;
    }
  }
  return view;
}

export const same = (a: string, b: string): boolean => nameKey(a) === nameKey(b);

export function definitionOf(view: StackView, resource: string): DefinitionView | undefined {
  return view.definitions.find((d) => same(d.name, resource));
}

/** DRBD replicates the definition's volumes; a storage-only definition has independent volumes per node. */
export function isReplicated(view: StackView, resource: string): boolean {
  const layers = definitionOf(view, resource)?.layerStack;
  return !layers || layers.some((l) => l.toUpperCase() === "DRBD");
}

/** Diskful replicas of a set: its explicit nodes, or what the controller placed, or the place count. */
export function diskfulCount(set: ReplicaSetView): number | undefined {
  if (set.nodes) return set.nodes.length;
  if (set.placed && set.placed.length > 0) return set.placed.length;
  return set.placeCount;
}

/** Where the diskful replicas are (node and pool), when the stack or the controller says so. */
export function placements(set: ReplicaSetView): { node: string; storagePool?: string }[] | undefined {
  if (set.nodes) return set.nodes.map((node) => ({ node, storagePool: set.storagePools[0] }));
  if (set.placed && set.placed.length > 0) return set.placed;
  return undefined;
}

export function volumeKibOf(view: StackView, resource: string): number | undefined {
  const volumes = view.volumes.filter((v) => same(v.resource, resource));
  if (volumes.some((v) => v.sizeKib === undefined)) return undefined;
  return volumes.reduce((sum, v) => sum + (v.sizeKib as number), 0);
}

export function formatKib(kib: number): string {
  const units: [string, number][] = [["TiB", 1024 ** 3], ["GiB", 1024 ** 2], ["MiB", 1024]];
  for (const [unit, size] of units) if (kib >= size) return `${Number((kib / size).toFixed(2))} ${unit}`;
  return `${kib} KiB`;
}
