// Checks of one spec that need no controller: shapes, names, sizes, counts, exclusive fields.
// Every problem is returned (not just the first), each naming the field and what would be right.

import { backingPoolProblem, propValueProblem } from "./linstor-rules";
import type { Kind } from "./types";
import { nameKey, nameProblem, type NameKind } from "./names";

const NODE_TYPES = ["SATELLITE", "COMBINED", "CONTROLLER", "AUXILIARY"];
const PROVIDER_KINDS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"];
const LAYER_KINDS = ["DRBD", "LUKS", "STORAGE", "NVME", "WRITECACHE", "CACHE", "BCACHE"];
const PEER_SLOTS = { min: 1, max: 31 };
const VOLUME_NUMBER = { min: 0, max: 65534 };
const MINOR_NUMBER = { min: 0, max: 1048575 };
const TCP_PORT = { min: 1, max: 65535 };

type Fields = Record<string, unknown>;

/** Collects problems for one spec; `at` is the field path prefix used in messages. */
class Checker {
  readonly problems: string[] = [];
  constructor(private readonly what: string) {}

  add(problem: string): void {
    this.problems.push(`${this.what}: ${problem}`);
  }

  name(fields: Fields, key: string, kind: NameKind, required = true): string | undefined {
    const value = fields[key];
    if (value === undefined) {
      if (required) this.add(`'${key}' is required`);
      return undefined;
    }
    if (typeof value !== "string") {
      this.add(`'${key}' must be a string, got ${typeOf(value)}`);
      return undefined;
    }
    const problem = nameProblem(kind, value);
    if (problem) this.add(problem);
    return problem ? undefined : value;
  }

  nameList(fields: Fields, key: string, kind: NameKind): string[] {
    const value = fields[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.add(`'${key}' must be a list of names, got ${typeOf(value)}`);
      return [];
    }
    const seen = new Map<string, string>();
    const names: string[] = [];
    value.forEach((item, i) => {
      if (typeof item !== "string") {
        this.add(`'${key}[${i}]' must be a string, got ${typeOf(item)}`);
        return;
      }
      const problem = nameProblem(kind, item);
      if (problem) this.add(`'${key}[${i}]': ${problem}`);
      const previous = seen.get(nameKey(item));
      if (previous !== undefined) {
        this.add(`'${key}' names '${item}' twice (also as '${previous}'; names are case-insensitive)`);
      }
      seen.set(nameKey(item), item);
      names.push(item);
    });
    return names;
  }

  integer(fields: Fields, key: string, range: { min: number; max?: number }, required = false): number | undefined {
    const value = fields[key];
    if (value === undefined) {
      if (required) this.add(`'${key}' is required`);
      return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.add(`'${key}' must be a whole number, got ${JSON.stringify(value)}`);
      return undefined;
    }
    if (value < range.min || (range.max !== undefined && value > range.max)) {
      const allowed = range.max === undefined ? `at least ${range.min}` : `${range.min} to ${range.max}`;
      this.add(`'${key}' is ${value}, LINSTOR allows ${allowed}`);
      return undefined;
    }
    return value;
  }

  oneOf(fields: Fields, key: string, allowed: string[], required = false): string | undefined {
    const value = fields[key];
    if (value === undefined) {
      if (required) this.add(`'${key}' is required (one of ${allowed.join(", ")})`);
      return undefined;
    }
    if (typeof value !== "string" || !allowed.includes(value)) {
      this.add(`'${key}' is ${JSON.stringify(value)}, expected one of ${allowed.join(", ")}`);
      return undefined;
    }
    return value;
  }

  listOf(fields: Fields, key: string, allowed: string[]): void {
    const value = fields[key];
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.add(`'${key}' must be a list, got ${typeOf(value)}`);
      return;
    }
    value.forEach((item, i) => {
      if (typeof item !== "string" || !allowed.includes(item)) {
        this.add(`'${key}[${i}]' is ${JSON.stringify(item)}, expected one of ${allowed.join(", ")}`);
      }
    });
  }

  text(fields: Fields, key: string, required = false): string | undefined {
    const value = fields[key];
    if (value === undefined) {
      if (required) this.add(`'${key}' is required`);
      return undefined;
    }
    if (typeof value !== "string" || (required && value.trim() === "")) {
      this.add(`'${key}' must be a non-empty string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(fields: Fields, key: string): void {
    const value = fields[key];
    if (value !== undefined && typeof value !== "boolean") this.add(`'${key}' must be true or false, got ${JSON.stringify(value)}`);
  }

  stringList(fields: Fields, key: string): void {
    const value = fields[key];
    if (value === undefined) return;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
      this.add(`'${key}' must be a list of non-empty strings`);
    }
  }

  props(fields: Fields, key = "props"): void {
    const value = fields[key];
    if (value === undefined) return;
    if (!isObject(value)) {
      this.add(`'${key}' must be a map of strings, got ${typeOf(value)}`);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k === "" || k.includes(",")) this.add(`'${key}' has an invalid key ${JSON.stringify(k)} (empty or containing ',')`);
      if (typeof v !== "string") this.add(`'${key}.${k}' must be a string, got ${typeOf(v)} (quote it)`);
      else {
        const problem = propValueProblem(k, v);
        if (problem) this.add(`'${key}.${k}': ${problem}`);
      }
    }
  }

  object(fields: Fields, key: string): Fields | undefined {
    const value = fields[key];
    if (value === undefined) return undefined;
    if (!isObject(value)) {
      this.add(`'${key}' must be a map, got ${typeOf(value)}`);
      return undefined;
    }
    return value;
  }

  /** Placement constraints shared by resource groups and autoPlace. */
  placement(fields: Fields, placeCountRequired: boolean): void {
    this.integer(fields, "placeCount", { min: 1, max: PEER_SLOTS.max + 1 }, placeCountRequired);
    this.nameList(fields, "storagePools", "storagePool");
    this.nameList(fields, "disklessStoragePools", "storagePool");
    this.stringList(fields, "replicasOnSame");
    this.stringList(fields, "replicasOnDifferent");
    this.nameList(fields, "doNotPlaceWith", "resource");
    const regex = this.text(fields, "doNotPlaceWithRegex");
    if (regex !== undefined) {
      try {
        new RegExp(regex);
      } catch (e) {
        this.add(`'doNotPlaceWithRegex' is not a valid regular expression: ${(e as Error).message}`);
      }
    }
    this.layerStack(fields, "layerStack");
    this.listOf(fields, "providerList", PROVIDER_KINDS);
    this.boolean(fields, "disklessOnRemaining");
  }

  layerStack(fields: Fields, key: string): void {
    this.listOf(fields, key, LAYER_KINDS);
    const value = fields[key];
    if (Array.isArray(value) && value.length > 0 && value[value.length - 1] !== "STORAGE") {
      this.add(`'${key}' must end with STORAGE (LINSTOR appends it otherwise), got ${value.join(",")}`);
    }
  }
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value;
}

function label(kind: Kind, spec: Fields): string {
  const name = (key: string) => (typeof spec[key] === "string" ? String(spec[key]) : "?");
  switch (kind) {
    case "StoragePool": return `StoragePool ${name("name")} on ${name("node")}`;
    case "VolumeDefinition": return `VolumeDefinition ${name("resource")}/${String(spec.number ?? "?")}`;
    case "Resource": return `Resource ${name("resource")}`;
    case "Snapshot": return `Snapshot ${name("resource")}/${name("name")}`;
    default: return `${kind} ${name("name")}`;
  }
}

/** Problems of one spec of the given kind; empty when the spec is valid as far as can be told offline. */
export function specProblems(kind: Kind, spec: unknown): string[] {
  if (!isObject(spec)) return [`${kind}: the spec must be a map, got ${typeOf(spec)}`];
  const c = new Checker(label(kind, spec));
  CHECKS[kind](c, spec);
  return c.problems;
}

const CHECKS: Record<Kind, (c: Checker, s: Fields) => void> = {
  Node(c, s) {
    c.name(s, "name", "node");
    c.oneOf(s, "type", NODE_TYPES);
    c.text(s, "address", true);
    c.integer(s, "port", TCP_PORT);
    c.oneOf(s, "encryption", ["PLAIN", "SSL"]);
    c.oneOf(s, "onRemove", ["evacuate", "refuse"]);
    c.props(s);
    const ssh = c.object(s, "ssh");
    if (ssh) {
      c.text(ssh, "host", true);
      c.integer(ssh, "port", TCP_PORT);
      if (ssh.hostKeyFingerprint !== undefined && !/^SHA256:[A-Za-z0-9+/]+=*$/.test(String(ssh.hostKeyFingerprint))) {
        c.add(`'ssh.hostKeyFingerprint' must look like 'SHA256:<base64>' (as ssh-keygen -lf prints it)`);
      }
    }
  },
  StoragePool(c, s) {
    c.name(s, "node", "node");
    c.name(s, "name", "storagePool");
    const provider = c.oneOf(s, "providerKind", PROVIDER_KINDS, true);
    const backing = c.text(s, "backingPool");
    if (provider && provider !== "DISKLESS" && backing === undefined && s.backingPool === undefined) {
      c.add(`'backingPool' is required for ${provider} (the volume group, thin pool 'vg/lv', zpool or directory)`);
    }
    if (provider === "DISKLESS" && s.backingPool !== undefined) c.add(`'backingPool' makes no sense for a DISKLESS pool`);
    const backingProblem = backing !== undefined ? backingPoolProblem(provider, backing) : undefined;
    if (backingProblem) c.add(`'backingPool': ${backingProblem}`);
    if (provider === "LVM_THIN" && backing !== undefined && !/^[^/]+\/[^/]+$/.test(backing)) {
      c.add(`'backingPool' of an LVM_THIN pool must be 'vg/thinpool', got '${backing}'`);
    }
    c.props(s);
    const prepare = c.object(s, "prepare");
    if (prepare) {
      if (provider && provider !== "LVM" && provider !== "LVM_THIN") c.add(`'prepare' only works for LVM and LVM_THIN pools, not ${provider}`);
      if (!Array.isArray(prepare.devices) || prepare.devices.length === 0) c.add(`'prepare.devices' must list at least one block device`);
      else c.stringList(prepare, "devices");
      c.integer(prepare, "thinPoolSizeKib", { min: 1 });
    }
  },
  ResourceGroup(c, s) {
    c.name(s, "name", "resourceGroup");
    c.text(s, "description");
    const placement = c.object(s, "placement");
    if (placement) c.placement(placement, false);
    c.props(s);
  },
  ResourceDefinition(c, s) {
    c.name(s, "name", "resource");
    c.name(s, "resourceGroup", "resourceGroup", false);
    c.layerStack(s, "layerStack");
    c.integer(s, "drbdPort", TCP_PORT);
    c.integer(s, "peerSlots", PEER_SLOTS);
    c.props(s);
  },
  VolumeDefinition(c, s) {
    c.name(s, "resource", "resource");
    c.integer(s, "number", VOLUME_NUMBER, true);
    c.integer(s, "sizeKib", { min: 1, max: Number.MAX_SAFE_INTEGER }, true);
    c.integer(s, "minor", MINOR_NUMBER);
    c.props(s);
  },
  Resource(c, s) {
    c.name(s, "resource", "resource");
    const nodes = c.nameList(s, "nodes", "node");
    const diskless = c.nameList(s, "diskless", "node");
    const auto = c.object(s, "autoPlace");
    if (s.nodes !== undefined && auto) {
      c.add(`'nodes' and 'autoPlace' exclude each other: list the nodes, or let the controller place 'autoPlace.placeCount' replicas`);
    }
    if (auto) c.placement(auto, true);
    if (s.nodes !== undefined && nodes.length === 0 && Array.isArray(s.nodes)) {
      c.add(`'nodes' is empty: a replica set needs at least one diskful replica (delete the resource instead)`);
    }
    const diskful = new Set(nodes.map(nameKey));
    for (const node of diskless) {
      if (diskful.has(nameKey(node))) c.add(`node '${node}' is listed in both 'nodes' and 'diskless'`);
    }
    c.name(s, "storagePool", "storagePool", false);
    if (auto && s.storagePool !== undefined) {
      c.add(`'storagePool' applies to explicit 'nodes'; with 'autoPlace' use 'autoPlace.storagePools'`);
    }
    const restore = c.object(s, "restoreFrom");
    if (restore) {
      c.name(restore, "resource", "resource");
      c.name(restore, "snapshot", "snapshot");
      if (auto) c.add(`'restoreFrom' cannot be combined with 'autoPlace': a restore places replicas on the snapshot's nodes (or the listed 'nodes')`);
    }
    if (s.nodes === undefined && !auto && !restore && diskless.length > 0) {
      c.add(`only diskless replicas are listed: add 'nodes' or 'autoPlace' for the diskful ones`);
    }
    if (s.nodes === undefined && !auto && !restore && s.diskless === undefined) {
      c.add(`say where the replicas go: 'nodes' (explicit) or 'autoPlace' (placeCount and constraints)`);
    }
    c.props(s);
  },
  Snapshot(c, s) {
    c.name(s, "resource", "resource");
    c.name(s, "name", "snapshot");
    c.nameList(s, "nodes", "node");
    if (Array.isArray(s.nodes) && s.nodes.length === 0) c.add(`'nodes' is empty: leave it out to snapshot every diskful replica`);
    c.text(s, "rollbackTrigger");
  },
};
