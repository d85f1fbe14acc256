// The guardrails of a storage team, as pure checks over the stack a preview would produce. Each
// rule has a name (the key of its config in the policy config file), a description, a config with
// defaults, and returns one message per violation. policy/index.ts turns them into Pulumi policies.

import { parseSizeKib } from "../provider/model/sizes";
import {
  diskfulCount, formatKib, isReplicated, placements, same, StackView, volumeKibOf, auxKey, definitionOf,
} from "./model";

/** JSON Schema of a rule's config (the subset Pulumi's policy config accepts). */
export interface ConfigSchema {
  properties: Record<string, Record<string, unknown>>;
}

export interface Rule<C> {
  name: string;
  description: string;
  enforcementLevel: "mandatory" | "advisory";
  configSchema: ConfigSchema;
  check(view: StackView, config: C): string[];
}

const nameList = { type: "array", items: { type: "string" } };

// -------------------------------------------------------------------------------------------------

export interface MinReplicasConfig { minimum: number; exempt: string[] }

export const minDiskfulReplicas: Rule<MinReplicasConfig> = {
  name: "linstor-min-diskful-replicas",
  description: "Every replicated (DRBD) resource definition keeps at least `minimum` diskful replicas.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      minimum: { type: "integer", minimum: 1, default: 2, description: "Fewest diskful replicas a DRBD definition may have." },
      exempt: { ...nameList, default: [], description: "Definitions this rule skips (by name)." },
    },
  },
  check(view, config) {
    const out: string[] = [];
    for (const set of view.replicaSets) {
      if (config.exempt.some((e) => same(e, set.resource)) || !isReplicated(view, set.resource)) continue;
      const count = diskfulCount(set);
      if (count === undefined || count >= config.minimum) continue;
      const where = set.nodes ? ` (on ${set.nodes.join(", ") || "no node"})` : "";
      out.push(`${set.resource} would have ${count} diskful replica${count === 1 ? "" : "s"}${where}; ` +
        `this team requires at least ${config.minimum} (rule ${this.name}, config minimum)`);
    }
    return out;
  },
};

// -------------------------------------------------------------------------------------------------

export interface SpreadConfig { property: string; exempt: string[] }

export const replicasOnDifferent: Rule<SpreadConfig> = {
  name: "linstor-replicas-on-different",
  description: "The diskful replicas of a replicated definition sit on nodes with different values of a node property " +
    "(e.g. `Aux/rack`), like LINSTOR's replicas_on_different; auto-placed ones must ask the controller for it.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      property: {
        type: "string", default: "",
        description: "The node property whose values must differ, e.g. `Aux/rack` (`rack` means the same); empty: the rule does not apply.",
      },
      exempt: { ...nameList, default: [], description: "Definitions this rule skips (by name)." },
    },
  },
  check(view, config) {
    if (!config.property) return [];
    const key = auxKey(config.property);
    const out: string[] = [];
    for (const set of view.replicaSets) {
      if (config.exempt.some((e) => same(e, set.resource)) || !isReplicated(view, set.resource)) continue;
      if (set.nodes) {
        const byValue = new Map<string, string[]>();
        for (const node of set.nodes) {
          const value = view.nodes.find((n) => same(n.name, node))?.props[key];
          if (value === undefined) {
            out.push(`${set.resource}: node ${node} has no ${key} property, so its replica cannot be checked for spread (rule ${this.name})`);
            continue;
          }
          byValue.set(value, [...(byValue.get(value) ?? []), node]);
        }
        for (const [value, nodes] of byValue) {
          if (nodes.length > 1) {
            out.push(`${set.resource} has ${nodes.length} replicas in ${key}=${value} (${nodes.join(", ")}): ` +
              `its replicas must be on different ${key} values (rule ${this.name})`);
          }
        }
        continue;
      }
      const group = definitionOf(view, set.resource)?.resourceGroup;
      const groupSpread = group ? view.groups.find((g) => same(g.name, group))?.replicasOnDifferent ?? [] : [];
      if ((diskfulCount(set) ?? 0) > 1 && ![...set.replicasOnDifferent, ...groupSpread].includes(key)) {
        out.push(`${set.resource} is auto-placed without replicasOnDifferent: [${key}]: the controller may put its replicas ` +
          `in one ${key} (rule ${this.name})`);
      }
    }
    return out;
  },
};

// -------------------------------------------------------------------------------------------------

export interface OvercommitConfig { maxFillRatio: number; capacities: Record<string, string> }

/** Provider kinds that allocate a volume's whole size when it is created. */
const THICK = new Set(["LVM", "ZFS", "FILE"]);

export const thickPoolOvercommit: Rule<OvercommitConfig> = {
  name: "linstor-thick-pool-overcommit",
  description: "On thick pools (LVM, ZFS, FILE) the volumes placed on each node's pool fit into the pool: " +
    "their sizes add up to at most `maxFillRatio` of its capacity.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxFillRatio: { type: "number", exclusiveMinimum: 0, maximum: 1, default: 1, description: "Share of a thick pool the volumes may fill (0.9 keeps 10% free)." },
      capacities: {
        type: "object", additionalProperties: { type: "string" }, default: {},
        description: "Capacity per pool (`thick`) or per node and pool (`vulcan/thick`), e.g. \"500G\", for pools the stack " +
          "creates in the same change; otherwise the capacity the controller reports for the pool is used.",
      },
    },
  },
  check(view, config) {
    const out: string[] = [];
    for (const pool of view.pools) {
      if (!pool.providerKind || !THICK.has(pool.providerKind.toUpperCase())) continue;
      const configured = config.capacities[`${pool.node}/${pool.name}`] ?? config.capacities[pool.name];
      const capacity = configured !== undefined ? parseSizeKib(configured) : pool.totalKib;
      if (capacity === undefined) continue; // a new pool without a configured capacity: nothing to compare with yet
      let used = 0;
      const holders: string[] = [];
      for (const set of view.replicaSets) {
        const onPool = (placements(set) ?? []).some((p) => same(p.node, pool.node) && p.storagePool !== undefined && same(p.storagePool, pool.name));
        const kib = onPool ? volumeKibOf(view, set.resource) : undefined;
        if (kib === undefined) continue;
        used += kib;
        holders.push(`${set.resource} ${formatKib(kib)}`);
      }
      const limit = Math.floor(capacity * config.maxFillRatio);
      if (used > limit) {
        const ratio = config.maxFillRatio < 1 ? ` (${Math.round(config.maxFillRatio * 100)}% of ${formatKib(capacity)})` : "";
        out.push(`thick pool ${pool.name} on ${pool.node} is over-committed: ${formatKib(used)} of volumes (${holders.sort().join(", ")}) ` +
          `in ${formatKib(limit)}${ratio} (rule ${this.name})`);
      }
    }
    return out;
  },
};

// -------------------------------------------------------------------------------------------------

export interface SnapshotPoolsConfig { providerKinds: string[] }

export const snapshotPools: Rule<SnapshotPoolsConfig> = {
  name: "linstor-snapshot-pools",
  description: "Snapshots are declared only for definitions whose replicas are on pools that can take them " +
    "(by provider kind, and as the controller reports the pool).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      providerKinds: {
        ...nameList, default: ["LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"],
        description: "Pool kinds snapshots may be taken on (a team may narrow LINSTOR's list, e.g. to thin pools only).",
      },
    },
  },
  check(view, config) {
    const allowed = new Set(config.providerKinds.map((k) => k.toUpperCase()));
    const out: string[] = [];
    for (const snap of view.snapshots) {
      const set = view.replicaSets.find((s) => same(s.resource, snap.resource));
      if (!set) continue;
      const poolNames = new Set([...set.storagePools, ...(placements(set) ?? []).map((p) => p.storagePool).filter((p): p is string => !!p)]);
      const bad = new Set<string>();
      for (const name of poolNames) {
        for (const pool of view.pools.filter((p) => same(p.name, name))) {
          const kind = pool.providerKind?.toUpperCase();
          if ((kind && !allowed.has(kind)) || pool.supportsSnapshots === false) bad.add(`${pool.name} (${pool.providerKind ?? "unknown kind"})`);
        }
      }
      if (bad.size > 0) {
        out.push(`snapshot ${snap.resource}/${snap.name}: ${snap.resource} is on storage pool ${[...bad].join(", ")}, ` +
          `where this team takes no snapshots (allowed: ${[...allowed].join(", ")}; rule ${this.name})`);
      }
    }
    return out;
  },
};

// -------------------------------------------------------------------------------------------------

export interface DeletionReviewConfig {
  holdingData: string[];
  approved: string[];
  /** The definitions the change keeps, and those of them with diskful replicas (filled by the pipeline). */
  kept?: string[];
  keptWithReplicas?: string[];
}

export const dataDeletionReview: Rule<DeletionReviewConfig> = {
  name: "linstor-data-deletion-review",
  description: "Removing a resource definition that holds data (or all its diskful replicas) needs a review: the change must " +
    "also list the definition in this rule's `approved` config. The pipeline fills `holdingData` from the stack's state.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      holdingData: { ...nameList, default: [], description: "Definitions with volumes and diskful replicas in the current state (filled by the pipeline)." },
      approved: { ...nameList, default: [], description: "Definitions whose deletion a reviewer approved." },
      kept: {
        ...nameList,
        description: "Definitions the changed stack file declares (filled by the pipeline: during a preview, Pulumi still " +
          "shows a policy the objects it is about to delete, so the stack's own list is what tells a deletion).",
      },
      keptWithReplicas: { ...nameList, description: "Those of `kept` that keep diskful replicas (filled by the pipeline)." },
    },
  },
  check(view, config) {
    const has = (list: string[], name: string) => list.some((x) => same(x, name));
    const kept = config.kept ?? view.definitions.map((d) => d.name);
    const withReplicas = config.keptWithReplicas ?? view.replicaSets.filter((s) => (diskfulCount(s) ?? 1) > 0).map((s) => s.resource);
    const out: string[] = [];
    for (const name of config.holdingData) {
      const gone = !has(kept, name) ? "deletes resource definition" : !has(withReplicas, name) ? "deletes every diskful replica of" : undefined;
      if (!gone || has(config.approved, name)) continue;
      out.push(`this change ${gone} ${name}, which holds data: it needs a review. After review, add "${name}" to ` +
        `${this.name}.approved in the policy config (rule ${this.name})`);
    }
    return out;
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RULES: Rule<any>[] = [minDiskfulReplicas, replicasOnDifferent, thickPoolOvercommit, snapshotPools, dataDeletionReview];

/** A rule's config with its defaults filled in (what Pulumi passes already has them; the unit tests may not). */
export function withDefaults<C>(rule: Rule<C>, given: Partial<C> = {}): C {
  const config: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(rule.configSchema.properties)) {
    const value = (given as Record<string, unknown>)[k] ?? schema.default;
    if (value !== undefined) config[k] = value;
  }
  return config as C;
}
