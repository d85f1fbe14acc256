// Creates and in-place updates of nodes, storage pools, resource groups, definitions and volume
// definitions, in dependency order. "Exists and equal" yields no step.

import type { PlacementSpec, Props, ResourceDefinitionSpec } from "../model/types";
import { nameKey, sameName } from "../model/names";
import { BALANCE_KEY } from "../model/props";
import { formatKib } from "../model/sizes";
import type { PlanContext } from "./context";
import { describePropChange, propChange, propsForCreate } from "./propchange";
import { isOnline } from "./replica-health";

/** Set on definitions with explicit placements: the controller's balancer would otherwise add or drop replicas. */

export function planNodes(ctx: PlanContext): void {
  for (const spec of ctx.nodes.values()) {
    const live = ctx.state.node(spec.name);
    if (!live) {
      // The ssh block (host checks, secrets) is provider/ssh's business: it never travels in a step.
      const { ssh: _ssh, onRemove: _onRemove, ...node } = spec;
      ctx.emit({ op: "createNode", node: { ...node, props: propsForCreate(spec.props) } },
        `register node ${spec.name} (${spec.type ?? "SATELLITE"}, ${spec.address}:${spec.port ?? (spec.encryption === "SSL" ? 3367 : 3366)})`);
      continue;
    }
    const ref = { kind: "Node" as const, name: spec.name };
    const change = propChange(spec.props, live.props, ctx.previousProps(ref));
    if (change) ctx.emit({ op: "modifyNode", name: live.name, props: change }, `update node ${live.name}: ${describePropChange(change)}`);
    if (live.address !== undefined && live.address !== spec.address) {
      ctx.note(`node ${live.name}: address is ${live.address} on the controller, ${spec.address} in the stack; the address is not changed in place (replace the node)`);
    }
    if (spec.type !== undefined && live.type.toUpperCase() !== spec.type) {
      ctx.note(`node ${live.name}: type is ${live.type} on the controller, ${spec.type} in the stack; not changed in place`);
    }
    if (live.flags.includes("DELETE")) ctx.note(`node ${live.name} is being deleted on the controller`);
  }
}

export function planStoragePools(ctx: PlanContext): void {
  for (const spec of ctx.pools.values()) {
    const live = ctx.state.pool(spec.node, spec.name);
    const where = `${spec.name} on ${ctx.nodeName(spec.node)}`;
    if (!live) {
      const backing = spec.backingPool ? `, ${spec.backingPool}` : "";
      ctx.emit({ op: "createStoragePool", pool: { ...spec, node: ctx.nodeName(spec.node), props: propsForCreate(spec.props) } },
        `create storage pool ${where} (${spec.providerKind}${backing})`);
      continue;
    }
    if (String(live.providerKind).toUpperCase() !== spec.providerKind) {
      ctx.refuse(`storage pool ${where} is ${live.providerKind} on the controller but ${spec.providerKind} in the stack: ` +
        `a pool's kind cannot change in place; delete the pool (after moving its volumes) and create it again`);
      continue;
    }
    if (spec.backingPool !== undefined && live.backingPool !== undefined && live.backingPool !== spec.backingPool) {
      ctx.note(`storage pool ${where}: backing pool is ${live.backingPool} on the controller, ${spec.backingPool} in the stack; not changed in place`);
    }
    const change = propChange(spec.props, live.props, ctx.previousProps({ kind: "StoragePool", node: spec.node, name: spec.name }));
    if (change) {
      ctx.emit({ op: "modifyStoragePool", node: live.node, name: live.name, props: change },
        `update storage pool ${where}: ${describePropChange(change)}`);
    }
  }
}

export function planResourceGroups(ctx: PlanContext): void {
  for (const spec of ctx.groups.values()) {
    const live = ctx.state.group(spec.name);
    if (!live) {
      const count = spec.placement?.placeCount !== undefined ? ` (place count ${spec.placement.placeCount})` : "";
      ctx.emit({ op: "createResourceGroup", group: { ...spec, props: undefined } }, `create resource group ${spec.name}${count}`);
      // LINSTOR ignores props in a resource group's create call (ResourceGroups.java passes an empty
      // map), so they are set by a modify right after it.
      const props = propsForCreate(spec.props);
      if (props && Object.keys(props).length) {
        const change = { set: props, remove: [] };
        ctx.emit({ op: "modifyResourceGroup", name: spec.name, props: change }, `set props of resource group ${spec.name}: ${describePropChange(change)}`);
      }
      continue;
    }
    const props = propChange(spec.props, live.props, ctx.previousProps({ kind: "ResourceGroup", name: spec.name })) ?? { set: {}, remove: [] };
    const description = spec.description !== undefined && spec.description !== (live.description ?? "") ? spec.description : undefined;
    const placement = spec.placement !== undefined && !samePlacement(spec.placement, live.placement) ? spec.placement : undefined;
    if (description === undefined && placement === undefined && Object.keys(props.set).length === 0 && props.remove.length === 0) continue;
    const parts: string[] = [];
    if (description !== undefined) parts.push(`description "${description}"`);
    if (placement !== undefined) {
      parts.push(`placement${placement.placeCount !== live.placement.placeCount && placement.placeCount !== undefined
        ? ` (place count ${live.placement.placeCount ?? "unset"} → ${placement.placeCount}; the controller places more replicas of its definitions)` : ""}`);
    }
    if (Object.keys(props.set).length || props.remove.length) parts.push(describePropChange(props));
    ctx.emit({ op: "modifyResourceGroup", name: live.name, groupDescription: description, placement, props }, `update resource group ${live.name}: ${parts.join("; ")}`);
  }
}

/**
 * A group's place count as the controller holds it: every resource group has one, 2 unless set
 * (AutoSelectorConfig stores 2 for a missing count), so an unset count in the stack equals 2 live.
 */
export const DEFAULT_GROUP_PLACE_COUNT = 2;

/** Compare a group's placements field by field; an empty list equals an unset one, an unset place count equals 2. */
export function samePlacement(a: PlacementSpec, b: PlacementSpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PlacementSpec>;
  for (const key of keys) {
    const x = key === "placeCount" ? a.placeCount ?? DEFAULT_GROUP_PLACE_COUNT : normalize(a[key]);
    const y = key === "placeCount" ? b.placeCount ?? DEFAULT_GROUP_PLACE_COUNT : normalize(b[key]);
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => (typeof v === "string" ? v.toUpperCase() : v));
  if (value === false) return undefined;
  return value;
}

/**
 * Whether the stack decides the replicas of a definition (explicit nodes or its own auto-place
 * count). Then the controller's balancer, which moves toward the resource group's place count,
 * must be off for it, or the two fight forever (an auto-place 3 in DfltRscGrp, place count 2,
 * would lose a replica to a tiebreaker).
 */
export function stackOwnsReplicas(rs: { nodes?: string[]; autoPlace?: unknown } | undefined): boolean {
  return rs?.nodes !== undefined || rs?.autoPlace !== undefined;
}

/** The props the stack wants on a definition: its own, plus balancing off where the stack places replicas. */
function definitionProps(ctx: PlanContext, spec: ResourceDefinitionSpec): Props | undefined {
  const props = { ...(spec.props ?? {}) };
  const replicas = ctx.resources.get({ kind: "Resource", resource: spec.name });
  if (stackOwnsReplicas(replicas)) {
    if (props[BALANCE_KEY] !== undefined && props[BALANCE_KEY].toLowerCase() !== "false") {
      ctx.note(`resource definition ${spec.name}: ${BALANCE_KEY}=${props[BALANCE_KEY]} with explicit nodes; the controller may add or remove replicas the stack then puts back`);
    } else {
      props[BALANCE_KEY] = "false";
    }
  }
  return Object.keys(props).length ? props : undefined;
}

/**
 * Balancing off for the create of a definition whose replica set the stack declares but this plan
 * does not hold: the key rides on the create instead of the replica set's later modify, and like
 * that modify it is not claimed (not in the managed-props marker), so the definition's own updates
 * never remove it. A value the stack sets itself is left alone.
 */
function balanceOffUnclaimed(ctx: PlanContext, name: string, wanted: Props | undefined): Props | undefined {
  if (wanted?.[BALANCE_KEY] !== undefined || stackOwnsReplicas(ctx.resources.get({ kind: "Resource", resource: name }))) return undefined;
  const placed = (ctx.desired.replicasPlacedElsewhere ?? []).some((n) => sameName(n, name));
  return placed ? { [BALANCE_KEY]: "false" } : undefined;
}

export function planResourceDefinitions(ctx: PlanContext): void {
  for (const spec of ctx.definitions.values()) {
    const wanted = definitionProps(ctx, spec);
    const live = ctx.state.definition(spec.name);
    if (!live) {
      const group = spec.resourceGroup ? ` in group ${spec.resourceGroup}` : "";
      const balance = balanceOffUnclaimed(ctx, spec.name, wanted);
      ctx.emit({ op: "createResourceDefinition", definition: { ...spec, props: balance ? { ...propsForCreate(wanted), ...balance } : propsForCreate(wanted) } },
        `create resource definition ${spec.name}${group}${balance ? ` with ${BALANCE_KEY}=false (the stack places its replicas)` : ""}`);
      continue;
    }
    const props = propChange(wanted, live.props, ctx.previousProps({ kind: "ResourceDefinition", name: spec.name })) ?? { set: {}, remove: [] };
    const group = spec.resourceGroup !== undefined && !sameName(spec.resourceGroup, live.resourceGroup ?? "DfltRscGrp") ? spec.resourceGroup : undefined;
    if (spec.layerStack?.length && live.layerStack.length && spec.layerStack.join() !== live.layerStack.join()) {
      ctx.note(`resource definition ${live.name}: layers are ${live.layerStack.join(",")} on the controller, ${spec.layerStack.join(",")} in the stack; layers are not changed in place`);
    }
    if (group === undefined && Object.keys(props.set).length === 0 && props.remove.length === 0) continue;
    const parts: string[] = [];
    if (group !== undefined) parts.push(`move to resource group ${group}`);
    if (Object.keys(props.set).length || props.remove.length) parts.push(describePropChange(props));
    ctx.emit({ op: "modifyResourceDefinition", name: live.name, props, resourceGroup: group }, `update resource definition ${live.name}: ${parts.join("; ")}`);
  }
  // Explicit placements of definitions the stack does not own: switch balancing off without claiming the key.
  for (const rs of ctx.resources.values()) {
    if (!stackOwnsReplicas(rs) || ctx.definitions.get({ kind: "ResourceDefinition", name: rs.resource })) continue;
    const live = ctx.state.definition(rs.resource);
    if (!live || live.props[BALANCE_KEY]?.toLowerCase() === "false") continue;
    ctx.emit({ op: "modifyResourceDefinition", name: live.name, props: { set: { [BALANCE_KEY]: "false" }, remove: [] } },
      `switch off the controller's replica balancing for ${live.name} (${BALANCE_KEY}=false): the stack decides its replicas`);
  }
}

/**
 * A restore target still waiting for its restore (no replica yet): its volumes and replicas come from
 * the snapshot. Volumes restored by an interrupted earlier apply are kept; the replicas still come
 * from the snapshot, never as empty new ones.
 */
export function restorePending(ctx: PlanContext, resource: string): boolean {
  const rs = ctx.resources.get({ kind: "Resource", resource });
  return rs?.restoreFrom !== undefined && ctx.state.allReplicas(resource).length === 0;
}

/** Create missing volume definitions and update props; growing comes later (after replicas are in sync). */
export function planVolumeDefinitions(ctx: PlanContext, only?: string): void {
  for (const spec of ctx.volumes.values()) {
    if (only !== undefined && !sameName(only, spec.resource)) continue;
    if (restorePending(ctx, spec.resource)) continue;
    const rd = ctx.state.definition(spec.resource);
    const live = rd?.volumes.find((v) => v.number === spec.number);
    const name = ctx.resourceName(spec.resource);
    if (!live) {
      ctx.emit({ op: "createVolumeDefinition", volume: { ...spec, resource: name, props: propsForCreate(spec.props) } },
        `create volume ${spec.number} of ${name} (${formatKib(spec.sizeKib)})`);
      continue;
    }
    const change = propChange(spec.props, live.props, ctx.previousProps({ kind: "VolumeDefinition", resource: spec.resource, number: spec.number }));
    if (change) {
      ctx.emit({ op: "modifyVolumeDefinition", resource: name, number: spec.number, props: change },
        `update volume ${spec.number} of ${name}: ${describePropChange(change)}`);
    }
    if (spec.minor !== undefined && live.minor !== undefined && live.minor !== spec.minor) {
      ctx.note(`volume ${spec.number} of ${name}: minor is ${live.minor} on the controller, ${spec.minor} in the stack; not changed in place`);
    }
  }
}

function holdsNoData(ctx: PlanContext, resource: string): boolean {
  return ctx.state.replicas(resource).length === 0 && !ctx.state.snapshots.some((s) => sameName(s.resource, resource));
}

/** Grow volumes whose stack size is larger; refuse shrinking. Waits for all replicas first (LINSTOR resizes only UpToDate devices). */
export function planVolumeResizes(ctx: PlanContext, only?: string): void {
  const waited = new Set<string>();
  for (const spec of ctx.volumes.values()) {
    if (only !== undefined && !sameName(only, spec.resource)) continue;
    const live = ctx.state.definition(spec.resource)?.volumes.find((v) => v.number === spec.number);
    if (!live || live.sizeKib === spec.sizeKib) continue;
    const name = ctx.resourceName(spec.resource);
    if (spec.sizeKib < live.sizeKib && holdsNoData(ctx, spec.resource)) {
      // No replica and no snapshot: nothing can be lost, so the volume is made again at the new size.
      ctx.emit({ op: "deleteVolumeDefinition", resource: name, number: spec.number },
        `remove volume ${spec.number} of ${name} (${formatKib(live.sizeKib)}, no replica holds data) to make it smaller`);
      ctx.emit({ op: "createVolumeDefinition", volume: { ...spec, resource: name, props: propsForCreate(spec.props) } },
        `create volume ${spec.number} of ${name} again (${formatKib(spec.sizeKib)})`);
      continue;
    }
    if (spec.sizeKib < live.sizeKib) {
      ctx.refuse(`volume ${spec.number} of ${name} is ${formatKib(live.sizeKib)} (${live.sizeKib} KiB) on the controller, the stack asks for ` +
        `${formatKib(spec.sizeKib)} (${spec.sizeKib} KiB): shrinking is not supported by LINSTOR; keep the size, or create a new definition and copy the data`);
      continue;
    }
    const diskful = ctx.state.replicas(spec.resource).filter((r) => !r.diskless);
    const offline = diskful.filter((r) => !isOnline(ctx.state.node(r.node))).map((r) => r.node);
    if (offline.length) {
      ctx.refuse(`volume ${spec.number} of ${name} cannot grow while its replica on ${offline.join(", ")} is on a node that is not ONLINE ` +
        `(LINSTOR resizes only when every replica is UpToDate)`);
      continue;
    }
    if (diskful.length && !waited.has(nameKey(spec.resource))) {
      waited.add(nameKey(spec.resource));
      ctx.emit({ op: "waitSynced", resource: name }, `wait until every replica of ${name} is UpToDate (LINSTOR resizes only in-sync volumes)`);
    }
    ctx.emit({ op: "resizeVolumeDefinition", resource: name, number: spec.number, sizeKib: spec.sizeKib },
      `grow volume ${spec.number} of ${name} from ${formatKib(live.sizeKib)} to ${formatKib(spec.sizeKib)}`);
  }
}
