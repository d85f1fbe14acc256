// A loaded YAML stack becomes Pulumi resources: one per object, with the dependencies that make
// the engine create in order (nodes → pools → groups → definitions → volumes → replicas →
// snapshots) and destroy in reverse. Returns what the stack outputs show per resource.

import * as pulumi from "@pulumi/pulumi";
import * as linstor from "../index";
import { objectKey } from "../model/keys";
import { nameKey, sameName } from "../model/names";
import { PLACES_REPLICAS_INPUT } from "../model/props";
import type { DesiredState, Kind, NodeSpec, ObjectRef, ResourceSpec } from "../model/types";
import { stackOwnsReplicas } from "../plan";
import { declaredAt } from "./declaration-site";
import type { LoadedStack } from "./load";
import type { StackPositions } from "./positions";
import { settledOutputs } from "./settled-outputs";

export interface DeclareOptions {
  /** Take over existing objects that match instead of failing (config `linstor:adopt`; the stack's own `adopt: true` also does). */
  adopt?: boolean;
}

export interface StackOutputs {
  nodes: pulumi.Output<Record<string, unknown>>;
  storagePools: pulumi.Output<Record<string, unknown>>;
  resources: pulumi.Output<Record<string, unknown>>;
}

type Deps = pulumi.Resource[];

/** Logical names: readable in `pulumi preview`, unique per type. */
const names = {
  pool: (node: string, pool: string) => `${node}/${pool}`,
  volume: (rd: string, nr: number) => `${rd}/${nr}`,
  snapshot: (rd: string, snap: string) => `${rd}/${snap}`,
};

/**
 * The options that tie a child to its parent (definition → volumes, replicas; replicas → snapshots;
 * node → pools): created after it, and replaced with it. The child's key (the parent's name) is a
 * plain value, so a preview plans the child too (planned creates of the same run count as present,
 * see resources/planned-creates.ts); a parent that is replaced (deleted first: LINSTOR deletes its
 * children with it) replaces the child through `replaceWith`, never leaving it recorded as present.
 */
function childOf(parents: pulumi.CustomResource[], extra: Deps = []): pulumi.CustomResourceOptions {
  return { dependsOn: [...parents, ...extra], replaceWith: parents };
}

/** Table columns: each names an output of the row's resource. */
type Columns<R> = Record<string, keyof R & string>;

/**
 * What the stack outputs show, table by table: the kind of its rows and, per column, the output it
 * shows. The only outputs this program reads: its resources get no others (linstor.StackDeclaration).
 */
const TABLES = {
  nodes: { kind: "Node", columns: { address: "address", status: "connectionStatus" } satisfies Columns<linstor.Node> },
  storagePools: {
    kind: "StoragePool",
    columns: { provider: "providerKind", freeKib: "freeCapacityKib", totalKib: "totalCapacityKib" } satisfies Columns<linstor.StoragePool>,
  },
  resources: {
    kind: "Resource",
    columns: {
      nodes: "diskfulNodes", diskless: "disklessNodes", tieBreakers: "tieBreakerNodes",
      port: "port", minor: "minor", device: "devicePath", backing: "backingVolumes", upToDate: "upToDate",
    } satisfies Columns<linstor.Resource>,
  },
} satisfies Record<keyof StackOutputs, { kind: Kind; columns: Record<string, string> }>;

const READS: linstor.StackDeclaration["reads"] = Object.fromEntries(Object.values(TABLES).map((t) => [t.kind, Object.values(t.columns)]));

/** One row of a table: the columns of `table` read from the resource's outputs. */
function row(table: keyof typeof TABLES, resource: pulumi.CustomResource): pulumi.Output<unknown> {
  const outputs = resource as unknown as Record<string, pulumi.Output<unknown>>;
  return pulumi.output(Object.fromEntries(Object.entries(TABLES[table].columns).map(([column, output]) => [column, outputs[output]])));
}

export function declareStack(stack: LoadedStack, opts: DeclareOptions = {}): StackOutputs {
  return linstor.declaringForStack({ access: stack.controller, reads: READS }, () => declareObjects(stack, opts));
}

function declareObjects(stack: LoadedStack, opts: DeclareOptions): StackOutputs {
  const declared = new Declared(stack.desired, { adopt: stack.adopt || opts.adopt || undefined, onDestroy: stack.onDestroy }, stack.positions);
  declared.nodes();
  declared.pools();
  declared.groups();
  declared.definitionsAndVolumes();
  declared.replicaSetsAndSnapshots();
  return declared.outputs();
}

/** Lookups by name key (LINSTOR names are case-insensitive). */
const byKey = <T>() => new Map<string, T>();

/** The resources of one stack, declared kind by kind in dependency order. */
class Declared {
  private readonly nodeOf = byKey<linstor.Node>();
  /** What the stack says about each node when it removes the node (its pools do the same first). */
  private readonly onRemoveOf = byKey<NodeSpec["onRemove"]>();
  /** Pools by name, each with the key of its node. */
  private readonly poolsNamed = byKey<{ node: string; pool: linstor.StoragePool }[]>();
  private readonly poolList: linstor.StoragePool[] = [];
  private readonly groupOf = byKey<linstor.ResourceGroup>();
  private readonly definitionOf = byKey<linstor.ResourceDefinition>();
  private readonly volumesOf = byKey<Deps>();
  private readonly replicaSetOf = byKey<linstor.Resource>();
  private readonly snapshotOf = byKey<linstor.Snapshot>();

  constructor(
    private readonly d: DesiredState,
    private readonly common: { adopt?: boolean; onDestroy?: "keep" | "delete" },
    private readonly positions: StackPositions,
  ) {}

  /** Declares the resource of `ref`: the state records the object's line in the stack as where (declaration-site.ts). */
  private at<T>(ref: ObjectRef, declare: () => T): T {
    const at = this.positions.objects[objectKey(ref)];
    return declaredAt(at && { file: this.positions.file, ...at }, declare);
  }

  nodes(): void {
    for (const n of this.d.nodes ?? []) {
      this.nodeOf.set(nameKey(n.name), this.at({ kind: "Node", name: n.name }, () => new linstor.Node(n.name, { ...n, ...this.common })));
      this.onRemoveOf.set(nameKey(n.name), n.onRemove);
    }
  }

  pools(): void {
    for (const p of this.d.storagePools ?? []) {
      const node = this.nodeOf.get(nameKey(p.node));
      const pool = this.at({ kind: "StoragePool", node: p.node, name: p.name }, () => new linstor.StoragePool(names.pool(p.node, p.name), {
        node: p.node, name: p.name, providerKind: p.providerKind, backingPool: p.backingPool, props: p.props, ...this.common,
        // Removing the node removes its pools first (Pulumi deletes dependents first): they evacuate as the node would.
        onRemove: node ? this.onRemoveOf.get(nameKey(p.node)) : undefined,
        // The node's ssh block (secret references only) lets the pool prepare its LVM and report host facts.
        ssh: node?.sshAccess, prepare: p.prepare,
      }, childOf(node ? [node] : [])));
      this.poolList.push(pool);
      this.poolsNamed.set(nameKey(p.name), [...(this.poolsNamed.get(nameKey(p.name)) ?? []), { node: nameKey(p.node), pool }]);
    }
  }

  groups(): void {
    for (const g of this.d.resourceGroups ?? []) {
      this.groupOf.set(nameKey(g.name), this.at({ kind: "ResourceGroup", name: g.name }, () => new linstor.ResourceGroup(g.name, { ...g, ...this.common }, { dependsOn: this.poolList })));
    }
  }

  definitionsAndVolumes(): void {
    // Bookkeeping, not a prop the stack owns: the create switches the balancer off (PLACES_REPLICAS_INPUT).
    const placedByStack = new Set((this.d.resources ?? []).filter(stackOwnsReplicas).map((r) => nameKey(r.resource)));
    for (const rd of this.d.resourceDefinitions ?? []) {
      const group = rd.resourceGroup ? this.groupOf.get(nameKey(rd.resourceGroup)) : undefined;
      const placed = placedByStack.has(nameKey(rd.name)) ? { [PLACES_REPLICAS_INPUT]: true } : {};
      this.definitionOf.set(nameKey(rd.name), this.at({ kind: "ResourceDefinition", name: rd.name },
        () => new linstor.ResourceDefinition(rd.name, { ...rd, ...this.common, ...placed }, { dependsOn: group ? [group] : [] })));
    }
    for (const v of this.d.volumeDefinitions ?? []) {
      const rd = this.definitionOf.get(nameKey(v.resource));
      const vd = this.at({ kind: "VolumeDefinition", resource: v.resource, number: v.number }, () => new linstor.VolumeDefinition(names.volume(v.resource, v.number), {
        // The size travels in KiB, as the loader parsed it.
        resource: v.resource, number: v.number, sizeKib: v.sizeKib, minor: v.minor, props: v.props, ...this.common,
      }, childOf(rd ? [rd] : [])));
      this.volumesOf.set(nameKey(v.resource), [...(this.volumesOf.get(nameKey(v.resource)) ?? []), vd]);
    }
  }

  /** Replica sets and their snapshots; a restore waits for the snapshot it restores from. */
  replicaSetsAndSnapshots(): void {
    const all = this.d.resources ?? [];
    const pending = [...all];
    // Sources before targets: a restore's snapshot must exist (restore chains are finite: the loader refuses cycles).
    for (let guard = pending.length + 1; pending.length > 0 && guard > 0; guard--) {
      for (const r of [...pending]) {
        const source = r.restoreFrom;
        const snap = source ? this.snapshotOf.get(nameKey(names.snapshot(source.resource, source.snapshot))) : undefined;
        if (source && !snap && all.some((x) => sameName(x.resource, source.resource))) continue;
        pending.splice(pending.indexOf(r), 1);
        const rd = this.definitionOf.get(nameKey(r.resource));
        const set = this.at({ kind: "Resource", resource: r.resource },
          () => new linstor.Resource(r.resource, { ...r, ...this.common }, childOf(rd ? [rd] : [], this.dependenciesOf(r, snap))));
        this.replicaSetOf.set(nameKey(r.resource), set);
        this.snapshotsOf(r.resource, set);
      }
    }
    if (pending.length > 0) {
      // The loader refuses restore cycles; reaching this is a bug, never a silently dropped resource.
      throw new Error(`cannot order the restores of ${pending.map((r) => r.resource).join(", ")}: their snapshots are never declared`);
    }
  }

  private snapshotsOf(rdName: string, set: linstor.Resource): void {
    for (const s of (this.d.snapshots ?? []).filter((x) => sameName(x.resource, rdName))) {
      this.snapshotOf.set(nameKey(names.snapshot(s.resource, s.name)),
        this.at({ kind: "Snapshot", resource: s.resource, name: s.name },
          () => new linstor.Snapshot(names.snapshot(s.resource, s.name), { ...s, ...this.common }, childOf([set]))));
    }
  }

  private dependenciesOf(r: ResourceSpec, snap: linstor.Snapshot | undefined): Deps {
    const deps: Deps = [...(this.volumesOf.get(nameKey(r.resource)) ?? [])];
    const rd = this.definitionOf.get(nameKey(r.resource));
    if (rd) deps.push(rd);
    const poolName = r.storagePool ?? r.autoPlace?.storagePools?.[0];
    // Explicit replicas need their pool on their own nodes only; an auto-placed set may land on any
    // node. (Each dependency is a URN in the state: depending on the pool of every node made a
    // replica set's record grow with the cluster.)
    const onNodes = r.autoPlace || !r.nodes?.length ? undefined : new Set(r.nodes.map(nameKey));
    const named = poolName ? (this.poolsNamed.get(nameKey(poolName)) ?? []).filter((p) => !onNodes || onNodes.has(p.node)) : undefined;
    deps.push(...(named ? named.map((p) => p.pool) : this.poolList));
    // A node whose pool is a dependency already comes first through it (a pool depends on its node).
    const throughPool = new Set(named ? named.map((p) => p.node) : [...this.poolsNamed.values()].flat().map((p) => p.node));
    for (const n of [...(r.nodes ?? []), ...(r.diskless ?? [])]) {
      const node = this.nodeOf.get(nameKey(n));
      if (node && !throughPool.has(nameKey(n))) deps.push(node);
    }
    if (snap) deps.push(snap);
    return deps;
  }

  /** Per object what the stack outputs show; true after a failed `up` too (settled-outputs.ts). */
  outputs(): StackOutputs {
    const d = this.d;
    const { nodes, storagePools, resources } = settledOutputs({
      nodes: Object.fromEntries((d.nodes ?? []).map((n) => [n.name, row("nodes", this.nodeOf.get(nameKey(n.name)) as linstor.Node)])),
      storagePools: Object.fromEntries((d.storagePools ?? []).map((p, i) => [names.pool(p.node, p.name), row("storagePools", this.poolList[i])])),
      resources: Object.fromEntries((d.resources ?? []).map((spec) => [spec.resource, row("resources", this.replicaSetOf.get(nameKey(spec.resource)) as linstor.Resource)])),
    });
    return { nodes, storagePools, resources } as StackOutputs;
  }
}
