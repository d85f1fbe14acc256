// What a kind's fields must satisfy together, beyond each field's own shape (shape.ts): exclusive
// fields, a backing pool that fits its provider, a layer stack ending with STORAGE. Checked on the
// shape-checked value, the same for a dynamic resource's inputs, a plugin's inputs and a desired
// spec; each problem names the field it is about.

import { backingPoolProblem } from "./linstor-rules";
import { sameName } from "./names";
import type { ShapeProblem } from "./shape";
import { PREPARABLE_PROVIDERS, type Kind, type ProviderKind } from "./types";

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Cross-field problems of one object of `kind` (`value` as checkShape returned it, `raw` as given). */
export function kindRuleProblems(kind: Kind, value: Raw, raw: Raw = value): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  RULES[kind]?.(value, (path, reason) => out.push({ path, reason }), raw);
  return out;
}

type Report = (path: string, reason: string) => void;

/** Each kind's rules; `raw` is the value as given, for "is it there at all" (a bad value is dropped from `v`). */
const RULES: Partial<Record<Kind, (v: Raw, report: Report, raw: Raw) => void>> = {
  // Contradictions count as written, even where a value itself is wrong (reported by the shape check).
  Node(_v, report, raw) {
    if (isMap(raw.ssh)) for (const p of sshProblems(raw.ssh)) report(`ssh.${p.path}`, p.reason);
  },
  StoragePool(v, report) {
    const provider = v.providerKind as ProviderKind | undefined;
    const backing = typeof v.backingPool === "string" ? v.backingPool : undefined;
    if (provider && provider !== "DISKLESS" && backing === undefined) {
      report("backingPool", `is required for ${provider} pools (${backingExample(provider)})`);
    }
    for (const reason of backingPoolProblems(provider, backing)) report("backingPool", reason);
    if (isMap(v.prepare)) {
      for (const p of prepareProblems(provider, v.prepare)) report(p.path ? `prepare.${p.path}` : "prepare", p.reason);
      if (v.prepare.thinPoolSize !== undefined && v.prepare.thinPoolSizeKib !== undefined) {
        report("prepare.thinPoolSizeKib", "set only one of thinPoolSize and thinPoolSizeKib");
      }
    }
  },
  ResourceGroup(v, report) {
    if (isMap(v.placement)) placementRules(v.placement, "placement.", report);
  },
  ResourceDefinition(v, report) {
    layerStackRule(v.layerStack, "layerStack", report);
  },
  VolumeDefinition(_v, report, raw) {
    if (raw.size === undefined && raw.sizeKib === undefined) report("size", "is required (e.g. 150M, 10GiB)");
  },
  Resource(v, report) {
    const auto = isMap(v.autoPlace) ? v.autoPlace : undefined;
    const nodes = Array.isArray(v.nodes) ? strings(v.nodes) : undefined;
    const diskless = strings(v.diskless);
    if (nodes && auto) report("autoPlace", "give either nodes or autoPlace, not both: list the nodes, or let the controller place autoPlace.placeCount replicas");
    if (auto) placementRules(auto, "autoPlace.", report);
    for (const node of diskless) {
      if (nodes?.some((n) => sameName(n, node))) report("diskless", `node '${node}' is listed in both nodes and diskless (a node holds one replica)`);
    }
    if (auto && v.storagePool !== undefined) report("storagePool", "applies to explicit nodes; with autoPlace use autoPlace.storagePools");
    if (v.restoreFrom !== undefined && auto) {
      report("restoreFrom", "cannot be combined with autoPlace: a restore places replicas on the snapshot's nodes (or the listed nodes)");
    }
    if (!nodes && !auto && v.restoreFrom === undefined) {
      if (diskless.length > 0) report("nodes", "is required: only diskless replicas are listed (add nodes or autoPlace for the diskful ones)");
      else report("nodes", "is required: say where the replicas go: nodes (explicit), autoPlace (placeCount and constraints) or restoreFrom");
    }
  },
};

/** Contradictions inside an ssh block (a node's; the YAML stack reports them where they are written). Paths are below the block. */
export function sshProblems(ssh: Raw): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  if (ssh.hostKeyFingerprint !== undefined && ssh.trustOnFirstUse === true) {
    out.push({ path: "trustOnFirstUse", reason: "trustOnFirstUse contradicts the pinned hostKeyFingerprint (remove one: pinning is safer)" });
  }
  // One way to give each secret: inline, from a variable, or from a file.
  for (const group of [["privateKey", "privateKeyEnv", "privateKeyFile"], ["passphrase", "passphraseEnv"], ["password", "passwordEnv"]]) {
    const given = group.filter((k) => ssh[k] !== undefined);
    if (given.length > 1) out.push({ path: given[given.length - 1], reason: `${given.join(" and ")} give the same secret twice (keep one)` });
  }
  return out;
}

function placementRules(p: Raw, prefix: string, report: Report): void {
  if (typeof p.doNotPlaceWithRegex === "string") {
    try {
      new RegExp(p.doNotPlaceWithRegex);
    } catch (e) {
      report(`${prefix}doNotPlaceWithRegex`, `is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  layerStackRule(p.layerStack, `${prefix}layerStack`, report);
}

function layerStackRule(layers: unknown, path: string, report: Report): void {
  const list = strings(layers);
  if (list.length > 0 && list[list.length - 1] !== "STORAGE") {
    report(path, `must end with STORAGE (LINSTOR appends it otherwise), got ${list.join(",")}`);
  }
}

/** Why `backing` does not fit a `provider` pool (the YAML stack reports these at the place it is written). */
export function backingPoolProblems(provider: string | undefined, backing: string | undefined): string[] {
  if (backing === undefined) return [];
  if (provider === "DISKLESS") return ["a DISKLESS pool has no backing pool (remove backingPool)"];
  const out: string[] = [];
  const rule = backingPoolProblem(provider, backing);
  if (rule) out.push(rule);
  if (provider === "LVM_THIN" && !/^[^/\s]+\/[^/\s]+$/.test(backing)) {
    out.push(`"${backing}" is not a thin pool: LVM_THIN needs volumegroup/thinpool (e.g. drbdpool/thinpool)`);
  }
  if (provider === "LVM" && backing.includes("/")) {
    out.push(`"${backing}" is not a volume group name: LVM needs just the volume group (e.g. drbdpool; for a thin pool use LVM_THIN)`);
  }
  return out;
}

/** What a backing pool of this provider looks like, for messages. */
export function backingExample(provider: string): string {
  switch (provider) {
    case "LVM_THIN": return "volumegroup/thinpool, e.g. drbdpool/thinpool";
    case "LVM": return "the volume group, e.g. drbdpool";
    case "ZFS":
    case "ZFS_THIN": return "the zpool or dataset, e.g. tank/linstor";
    default: return "the directory, e.g. /var/lib/linstor-pools/pool1";
  }
}

/** Why a pool's `prepare` block does not fit its provider; paths are below `prepare` ("" for the block). */
export function prepareProblems(provider: string | undefined, prepare: Raw): ShapeProblem[] {
  if (provider !== undefined && !PREPARABLE_PROVIDERS.includes(provider as ProviderKind)) {
    return [{ path: "", reason: `only creates LVM volume groups and thin pools, not ${provider} pools (remove prepare)` }];
  }
  if (provider === "LVM" && prepare.thinPoolSize !== undefined) {
    return [{ path: "thinPoolSize", reason: "is for LVM_THIN pools (an LVM pool uses the whole volume group)" }];
  }
  return [];
}
