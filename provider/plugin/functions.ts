// The plugin's functions (invokes): read-only look-ups of the live cluster, answered from the same
// live reads the resources use. Each function is declared once here; the package schema lists them
// from FUNCTIONS, and `invoke` dispatches on them.

import type * as provider from "@pulumi/pulumi/provider";
import { nameKey } from "../model/names";
import type { LiveCluster } from "../model/types";
import { liveCache } from "../resources/context";
import type { LiveScope } from "../client/live";

type Raw = Record<string, unknown>;

/** A field of a function's arguments or result, as the package schema describes it. */
export interface FunctionField {
  type: "string" | "integer" | "boolean" | "number";
  /** A list of that type. */
  list?: boolean;
  description: string;
  required?: boolean;
}

export interface FunctionDecl {
  description: string;
  inputs: Record<string, FunctionField>;
  /** The result has one list `items`, each with these fields. */
  item: Record<string, FunctionField>;
  scope(args: Raw): LiveScope;
  items(live: LiveCluster, args: Raw): Raw[];
}

const str = (description: string, required = true): FunctionField => ({ type: "string", description, required });
const int = (description: string): FunctionField => ({ type: "integer", description });
const bool = (description: string): FunctionField => ({ type: "boolean", description, required: true });
const strs = (description: string): FunctionField => ({ type: "string", list: true, description, required: true });

export const FUNCTIONS: Record<string, FunctionDecl> = {
  getNodes: {
    description: "The nodes the LINSTOR controller knows, with their connection status.",
    inputs: {},
    item: {
      name: str("Node name."), type: str("SATELLITE, COMBINED, CONTROLLER or AUXILIARY."),
      address: str("Address of the satellite connection.", false), connectionStatus: str("ONLINE, OFFLINE, ..."),
      flags: strs("The node's flags (e.g. EVACUATE)."),
    },
    scope: () => ({}),
    items: (live) => live.nodes.map((n) => ({ name: n.name, type: n.type, address: n.address, connectionStatus: n.connectionStatus, flags: n.flags })),
  },
  getStoragePools: {
    description: "The storage pools of every node (or of one node), with capacity and free space.",
    inputs: { node: str("Only the pools of this node.", false) },
    item: {
      node: str("Node of the pool."), name: str("Pool name."), providerKind: str("LVM, LVM_THIN, ZFS, ..."),
      backingPool: str("Volume group, thin pool, zpool or directory.", false),
      freeCapacityKib: int("Free space in KiB (absent until the satellite reported)."),
      totalCapacityKib: int("Capacity in KiB (absent until the satellite reported)."),
      thin: bool("Thin provisioned."), supportsSnapshots: bool("Snapshots possible."),
    },
    scope: (args) => (typeof args.node === "string" ? { nodes: [args.node] } : {}),
    items: (live, args) => live.storagePools
      .filter((p) => typeof args.node !== "string" || nameKey(p.node) === nameKey(args.node))
      .map((p) => ({ node: p.node, name: p.name, providerKind: p.providerKind, backingPool: p.backingPool, freeCapacityKib: p.freeKib, totalCapacityKib: p.totalKib, thin: p.thin, supportsSnapshots: p.supportsSnapshots })),
  },
  getReplicas: {
    description: "The replicas of one resource definition: where they are, diskless or not, tie-breakers.",
    inputs: { resource: str("Name of the resource definition.") },
    item: {
      node: str("Node of the replica."), storagePool: str("Storage pool of the replica.", false),
      diskless: bool("No local disk (a client or a tie-breaker)."), tieBreaker: bool("The controller's own diskless tie-breaker."),
      diskStates: strs("Disk state of each volume (UpToDate, Inconsistent, ...)."),
    },
    scope: (args) => ({ resources: [String(args.resource)] }),
    items: (live, args) => live.resources
      .filter((r) => nameKey(r.resource) === nameKey(String(args.resource)) && !r.deleting)
      .map((r) => ({ node: r.node, storagePool: r.storagePool, diskless: r.diskless, tieBreaker: r.tieBreaker, diskStates: (r.volumes ?? []).map((v) => v.diskState ?? "Unknown") })),
  },
};

function dropUndefined(o: Raw): Raw {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export async function invoke(token: string, args: Raw): Promise<provider.InvokeResult> {
  const name = token.split(":").pop() ?? "";
  const decl = FUNCTIONS[name];
  if (!decl) throw new Error(`pulumi-resource-linstor: unknown function ${token} (known: ${Object.keys(FUNCTIONS).join(", ")})`);
  const failures = Object.entries(decl.inputs)
    .filter(([k, f]) => f.required && (typeof args[k] !== "string" || args[k] === ""))
    .map(([k]) => ({ property: k, reason: `is required by ${name}` }));
  if (failures.length > 0) return { failures };
  const live = await liveCache().read(decl.scope(args));
  return { outputs: { items: decl.items(live, args).map(dropUndefined) } };
}
