// A loaded YAML stack becomes Pulumi resources: one per object, with the dependencies that make
// the engine create in order (nodes → pools → groups → definitions → volumes → replicas →
// snapshots) and destroy in reverse. Returns what the stack outputs show per resource.

import * as pulumi from "@pulumi/pulumi";
import * as linstor from "../index";
import { nameKey, sameName } from "../model/names";
import type { DesiredState, ResourceSpec } from "../model/types";
import type { LoadedStack } from "./load";

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

export function declareStack(stack: LoadedStack, opts: DeclareOptions = {}): StackOutputs {
  // Every resource carries the stack's controller block, so the provider connects where the stack says.
  return linstor.withControllerAccess(stack.controller, () => declareObjects(stack, opts));
}

function declareObjects(stack: LoadedStack, opts: DeclareOptions): StackOutputs {
  const d: DesiredState = stack.desired;
  const adopt = stack.adopt || opts.adopt || undefined;
  const onDestroy = stack.onDestroy;
  const byKey = <T>() => new Map<string, T>();

  const nodes = byKey<linstor.Node>();
  for (const n of d.nodes ?? []) {
    nodes.set(nameKey(n.name), new linstor.Node(n.name, { ...n, adopt, onDestroy }));
  }

  const pools = byKey<linstor.StoragePool[]>();
  const poolList: linstor.StoragePool[] = [];
  for (const p of d.storagePools ?? []) {
    const node = nodes.get(nameKey(p.node));
    const pool = new linstor.StoragePool(names.pool(p.node, p.name), {
      node: p.node, name: p.name, providerKind: p.providerKind, backingPool: p.backingPool, props: p.props, adopt, onDestroy,
      // Removing the node removes its pools first (Pulumi deletes dependents first): they evacuate as the node would.
      onRemove: node ? d.nodes?.find((n) => nameKey(n.name) === nameKey(p.node))?.onRemove : undefined,
      // The node's ssh block (secret references only) lets the pool prepare its LVM and report host facts.
      ssh: node?.sshAccess, prepare: p.prepare,
    }, childOf(node ? [node] : []));
    poolList.push(pool);
    const list = pools.get(nameKey(p.name)) ?? [];
    list.push(pool);
    pools.set(nameKey(p.name), list);
  }

  const groups = byKey<linstor.ResourceGroup>();
  for (const g of d.resourceGroups ?? []) {
    groups.set(nameKey(g.name), new linstor.ResourceGroup(g.name, { ...g, adopt, onDestroy }, { dependsOn: poolList }));
  }

  const definitions = byKey<linstor.ResourceDefinition>();
  for (const rd of d.resourceDefinitions ?? []) {
    const group = rd.resourceGroup ? groups.get(nameKey(rd.resourceGroup)) : undefined;
    definitions.set(nameKey(rd.name), new linstor.ResourceDefinition(rd.name, { ...rd, adopt, onDestroy }, { dependsOn: group ? [group] : [] }));
  }

  const volumes = byKey<Deps>();
  for (const v of d.volumeDefinitions ?? []) {
    const rd = definitions.get(nameKey(v.resource));
    const vd = new linstor.VolumeDefinition(names.volume(v.resource, v.number), {
      // The size travels in KiB, as the loader parsed it.
      resource: v.resource, number: v.number, sizeKib: v.sizeKib, minor: v.minor, props: v.props, adopt, onDestroy,
    }, childOf(rd ? [rd] : []));
    volumes.set(nameKey(v.resource), [...(volumes.get(nameKey(v.resource)) ?? []), vd]);
  }

  // Replica sets; a restore waits for the snapshot it restores from.
  const snapshotSpecs = d.snapshots ?? [];
  const replicaSets = byKey<linstor.Resource>();
  const snapshots = byKey<linstor.Snapshot>();
  const pending = [...(d.resources ?? [])];
  const declareSnapshotsOf = (rdName: string, set: linstor.Resource): void => {
    for (const s of snapshotSpecs.filter((x) => sameName(x.resource, rdName))) {
      snapshots.set(nameKey(names.snapshot(s.resource, s.name)),
        new linstor.Snapshot(names.snapshot(s.resource, s.name), { ...s, adopt, onDestroy }, childOf([set])));
    }
  };
  // Sources before targets: a restore's snapshot must exist (restore chains are finite: the loader refuses cycles).
  for (let guard = pending.length + 1; pending.length > 0 && guard > 0; guard--) {
    for (const r of [...pending]) {
      const source = r.restoreFrom;
      const snap = source ? snapshots.get(nameKey(names.snapshot(source.resource, source.snapshot))) : undefined;
      if (source && !snap && d.resources?.some((x) => sameName(x.resource, source.resource))) continue;
      pending.splice(pending.indexOf(r), 1);
      const rd = definitions.get(nameKey(r.resource));
      const set = new linstor.Resource(r.resource, { ...r, adopt, onDestroy }, childOf(rd ? [rd] : [], dependenciesOf(r, snap)));
      replicaSets.set(nameKey(r.resource), set);
      declareSnapshotsOf(r.resource, set);
    }
  }
  if (pending.length > 0) {
    // The loader refuses restore cycles; reaching this is a bug, never a silently dropped resource.
    throw new Error(`cannot order the restores of ${pending.map((r) => r.resource).join(", ")}: their snapshots are never declared`);
  }

  function dependenciesOf(r: ResourceSpec, snap: linstor.Snapshot | undefined): Deps {
    const deps: Deps = [...(volumes.get(nameKey(r.resource)) ?? [])];
    const rd = definitions.get(nameKey(r.resource));
    if (rd) deps.push(rd);
    const poolName = r.storagePool ?? r.autoPlace?.storagePools?.[0];
    deps.push(...(poolName ? pools.get(nameKey(poolName)) ?? [] : poolList));
    for (const n of [...(r.nodes ?? []), ...(r.diskless ?? [])]) {
      const node = nodes.get(nameKey(n));
      if (node) deps.push(node);
    }
    if (snap) deps.push(snap);
    return deps;
  }

  const table = (entries: [string, pulumi.Output<unknown>][]): pulumi.Output<Record<string, unknown>> =>
    pulumi.output(Object.fromEntries(entries)) as unknown as pulumi.Output<Record<string, unknown>>;
  return {
    nodes: table((d.nodes ?? []).map((n) => {
      const r = nodes.get(nameKey(n.name)) as linstor.Node;
      return [n.name, pulumi.output({ address: r.address, status: r.connectionStatus })];
    })),
    storagePools: table((d.storagePools ?? []).map((p) => {
      const pool = poolList[(d.storagePools ?? []).indexOf(p)];
      return [names.pool(p.node, p.name), pulumi.output({ provider: pool.providerKind, freeKib: pool.freeCapacityKib, totalKib: pool.totalCapacityKib })];
    })),
    resources: table((d.resources ?? []).map((spec) => {
      const r = replicaSets.get(nameKey(spec.resource)) as linstor.Resource;
      return [spec.resource, pulumi.output({
        nodes: r.diskfulNodes, diskless: r.disklessNodes, tieBreakers: r.tieBreakerNodes,
        port: r.port, minor: r.minor, device: r.devicePath, backing: r.backingVolumes, upToDate: r.upToDate,
      })];
    })),
  };
}
