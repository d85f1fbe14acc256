// The checks JSON Schema cannot express, and the translation of the stack into the DesiredState of
// provider/model. It walks the plain value tolerantly: parts of the wrong shape were already
// reported by the schema check and are skipped here, so every problem is reported once.

import {
  nameKey, parseSizeKib, SizeError,
  type DesiredState, type LayerKind, type NodeSpec, type NodeSshSpec, type ObjectRef,
  type PlacementSpec, type PoolPrepareSpec, type Props, type ProviderKind, type ResourceDefinitionSpec,
  type ResourceGroupSpec, type ResourceSpec, type SnapshotSpec, type StoragePoolSpec, type VolumeDefinitionSpec,
} from "../model";
import type { StackController } from "./positions";
import { Registry, type Checker } from "./registry";
import { formatPath as formatPathOf, type Segment } from "./source";
import { bool, defined, entries, int, isMap, props, quoted, str, strings, type Fields } from "./values";
import { backingExample, backingPoolProblems, prepareProblems, sshProblems } from "../model/kind-rules";
import { nodeDeclaration, propsField, sshField } from "../model/kinds";
import { checkField, checkShape } from "../model/shape";
import { PROVIDER_KINDS, SNAPSHOT_PROVIDERS } from "../model/types";

export type { Checker } from "./registry";

type SpecList = "nodes" | "storagePools" | "resourceGroups" | "resourceDefinitions" | "volumeDefinitions" | "resources" | "snapshots";

export interface BuiltStack {
  desired: DesiredState;
  controller?: StackController;
  /** The stack's `adopt: true`: existing matching objects are taken over. */
  adopt?: boolean;
  /** The stack's `onDestroy`: what destroy does with the objects (default: delete created, keep adopted). */
  onDestroy?: "keep" | "delete";
  /** Every object of `desired` (its spec) with the place it is written. */
  objects: { ref: ObjectRef; segments: Segment[]; spec: unknown }[];
}

/** The controller's built-in resource group, usable without declaring it. */
const DEFAULT_GROUP = "DfltRscGrp";

interface PoolInfo {
  providerKind?: string;
  /** nameKey(node) → spelling of the nodes the pool is on. */
  nodes: Map<string, string>;
}

interface ResourceInfo {
  fields: Fields;
  /** Snapshot name registry of this resource. */
  snapshots: Registry<{ nodes?: string[] }>;
  /** Explicit diskful nodes (declared spelling), when the placement is explicit. */
  diskful?: string[];
}

export function buildStack(value: unknown, checker: Checker): BuiltStack {
  const root = isMap(value) ? value : {};
  const desired: DesiredState = {};
  const objects: BuiltStack["objects"] = [];
  const built = new StackBuilder(checker, desired, objects);
  const controller = built.controller(root.controller);
  built.nodes(root.nodes);
  built.storagePools(root.storagePools);
  built.resourceGroups(root.resourceGroups);
  built.resources(root.resources);
  const adopt = bool(root.adopt);
  const onDestroy = root.onDestroy === "keep" || root.onDestroy === "delete" ? root.onDestroy : undefined;
  return { desired, controller, objects, ...(adopt !== undefined ? { adopt } : {}), ...(onDestroy ? { onDestroy } : {}) };
}

class StackBuilder {
  private readonly nodeRegistry: Registry<{ ssh: boolean; type?: string }>;
  private readonly poolRegistry: Registry<PoolInfo>;
  private readonly groupRegistry: Registry<{ placeCount?: number }>;
  private readonly resourceRegistry: Registry<ResourceInfo>;
  /** DRBD ports and minors are unique in the cluster: who asked for each first. */
  private readonly claimed = { drbdPort: new Map<number, Segment[]>(), minor: new Map<number, Segment[]>() };

  constructor(private readonly c: Checker, private readonly desired: DesiredState, private readonly objects: BuiltStack["objects"]) {
    this.nodeRegistry = new Registry(c, "node", "node");
    this.poolRegistry = new Registry(c, "storagePool", "storage pool");
    this.groupRegistry = new Registry(c, "resourceGroup", "resource group");
    this.resourceRegistry = new Registry(c, "resource", "resource");
  }

  private push<K extends SpecList>(list: K, item: NonNullable<DesiredState[K]>[number], ref: ObjectRef, segments: Segment[]): void {
    const target = (this.desired[list] ??= [] as never) as unknown[];
    target.push(item);
    this.objects.push({ ref, segments, spec: item });
  }

  // ---------------------------------------------------------------------------------------------
  controller(value: unknown): StackController | undefined {
    if (!isMap(value)) return undefined;
    const at: Segment[] = ["controller"];
    const out: StackController = {};
    const endpoints = strings(value.endpoints);
    if (endpoints) out.endpoints = endpoints;
    if (isMap(value.tls)) {
      const tls = value.tls;
      out.tls = defined({ caFile: str(tls.caFile), certFile: str(tls.certFile), keyFile: str(tls.keyFile) });
      if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
        this.c.add([...at, "tls"], "certFile and keyFile go together (a client certificate needs its key, and the key its certificate)");
      }
    }
    if (isMap(value.auth)) {
      const auth = value.auth;
      out.auth = defined({ tokenEnv: str(auth.tokenEnv), usernameEnv: str(auth.usernameEnv), passwordEnv: str(auth.passwordEnv) });
      if ((auth.usernameEnv === undefined) !== (auth.passwordEnv === undefined)) {
        this.c.add([...at, "auth"], "usernameEnv and passwordEnv go together (Basic auth needs both)");
      }
      if (auth.tokenEnv !== undefined && auth.usernameEnv !== undefined) {
        this.c.add([...at, "auth"], "give tokenEnv or usernameEnv/passwordEnv, not both (one way to authenticate)");
      }
    }
    if (typeof value.timeoutSeconds === "number") out.timeoutSeconds = value.timeoutSeconds;
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  nodes(value: unknown): void {
    for (const [name, spec] of entries(value)) {
      const at: Segment[] = ["nodes", name];
      const fields = isMap(spec) ? spec : undefined;
      if (!this.nodeRegistry.declare(name, at, { ssh: isMap(fields?.ssh), type: str(fields?.type)?.toUpperCase() })) continue;
      if (!fields) continue;
      // The node's fields as declared (provider/model/kinds/node.ts); shapes were reported by the schema check.
      const { value } = checkShape(nodeDeclaration.inputs, { ...fields, name });
      const { ssh: _ssh, props: _props, ...rest } = value;
      const node: NodeSpec = { ...rest, name, address: rest.address ?? "" };
      if (props(fields.props)) node.props = this.checkedProps(fields.props, [...at, "props"]);
      if (isMap(fields.ssh)) node.ssh = this.ssh(fields.ssh, [...at, "ssh"], node.address);
      this.push("nodes", node, { kind: "Node", name }, at);
    }
  }

  private ssh(fields: Fields, at: Segment[], address: string): NodeSshSpec {
    const { value } = checkShape(sshField.fields, fields);
    const ssh: NodeSshSpec = { ...value, host: value.host ?? address };
    for (const p of sshProblems(fields)) this.c.add([...at, p.path], p.reason, true);
    return ssh;
  }

  /** A reference to a declared node (written as a value, or as a map key): its declared spelling, or undefined after reporting. */
  private nodeRef(name: unknown, at: Segment[], key = false): string | undefined {
    if (typeof name !== "string") return undefined;
    const node = this.nodeRegistry.get(name);
    if (!node) {
      this.c.add(at, `node "${name}" is not declared under nodes (declared: ${quoted(this.nodeRegistry.names())})`, key);
      return undefined;
    }
    return node.name;
  }

  /** A list of node references: declared, each once. */
  private nodeList(value: unknown, at: Segment[]): string[] | undefined {
    if (!Array.isArray(value)) return undefined;
    const out: string[] = [];
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const name = this.nodeRef(item, [...at, i]);
      if (name === undefined) return;
      const first = seen.get(nameKey(name));
      if (first !== undefined) {
        this.c.add([...at, i], `node "${String(item)}" is listed twice (also ${at[at.length - 1]}[${first}]; names are case-insensitive)`);
        return;
      }
      seen.set(nameKey(name), i);
      out.push(name);
    });
    return out;
  }

  private poolRef(name: unknown, at: Segment[]): { name: string; info: PoolInfo } | undefined {
    if (typeof name !== "string") return undefined;
    const pool = this.poolRegistry.get(name);
    if (!pool) this.c.add(at, `storage pool "${name}" is not declared under storagePools (declared: ${quoted(this.poolRegistry.names())})`);
    return pool;
  }

  private size(value: unknown, at: Segment[]): number | undefined {
    if (typeof value !== "string" && typeof value !== "number") return undefined;
    try {
      return parseSizeKib(value);
    } catch (e) {
      if (!(e instanceof SizeError)) throw e;
      if (!this.c.reported(at)) this.c.add(at, e.message);
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------
  storagePools(value: unknown): void {
    for (const [name, spec] of entries(value)) {
      const at: Segment[] = ["storagePools", name];
      const fields = isMap(spec) ? spec : undefined;
      // An unknown kind was reported by the schema check; treat it as unknown rather than guess.
      const kind = str(fields?.providerKind)?.toUpperCase();
      const info: PoolInfo = { providerKind: kind && (PROVIDER_KINDS as readonly string[]).includes(kind) ? kind : undefined, nodes: new Map() };
      if (!this.poolRegistry.declare(name, at, info) || !fields) continue;
      const provider = info.providerKind as ProviderKind | undefined;
      const poolBacking = str(fields.backingPool);

      const members: { node: unknown; at: Segment[]; override?: Fields }[] = [];
      if (Array.isArray(fields.nodes)) {
        fields.nodes.forEach((node, i) => members.push({ node, at: [...at, "nodes", i] }));
      } else if (isMap(fields.nodes)) {
        for (const [node, override] of Object.entries(fields.nodes)) {
          members.push({ node, at: [...at, "nodes", node], override: isMap(override) ? override : undefined });
        }
      }
      this.backingShape(provider, poolBacking, [...at, "backingPool"]);
      this.checkedProps(fields.props, [...at, "props"]);
      if (isMap(fields.prepare)) this.prepareShape(provider, fields.prepare, [...at, "prepare"]);

      for (const member of members) {
        const nodeName = this.nodeRef(member.node, member.at, !Array.isArray(fields.nodes));
        if (nodeName === undefined) continue;
        if (info.nodes.has(nameKey(nodeName))) {
          this.c.add(member.at, `node "${String(member.node)}" is listed twice for this pool (names are case-insensitive)`, !Array.isArray(fields.nodes));
          continue;
        }
        info.nodes.set(nameKey(nodeName), nodeName);
        if (this.nodeRegistry.get(nodeName)?.info.type === "CONTROLLER") {
          this.c.add(member.at, `node "${nodeName}" is a CONTROLLER node, which holds no storage (make it SATELLITE or COMBINED)`, !Array.isArray(fields.nodes));
        }
        const override = member.override;
        const backing = str(override?.backingPool) ?? poolBacking;
        if (override?.backingPool !== undefined) {
          this.backingShape(provider, str(override.backingPool), [...member.at, "backingPool"]);
        }
        if (provider !== undefined && provider !== "DISKLESS" && backing === undefined) {
          this.c.add(override ? member.at : at, `backingPool is required for ${provider} pools (${backingExample(provider)})`, !override);
        }
        const pool: StoragePoolSpec = { node: nodeName, name, providerKind: (provider ?? "LVM_THIN") };
        if (backing !== undefined && provider !== "DISKLESS") pool.backingPool = backing;
        const merged = { ...(props(fields.props) ?? {}), ...(this.checkedProps(override?.props, [...member.at, "props"]) ?? {}) };
        if (Object.keys(merged).length > 0) pool.props = merged;
        const prepareFields = isMap(override?.prepare) ? override.prepare : isMap(fields.prepare) ? fields.prepare : undefined;
        if (isMap(override?.prepare)) this.prepareShape(provider, override.prepare, [...member.at, "prepare"]);
        if (prepareFields) {
          const prepareAt = isMap(override?.prepare) ? [...member.at, "prepare"] : [...at, "prepare"];
          const prepare = this.prepare(prepareFields, prepareAt);
          if (prepare) pool.prepare = prepare;
          if (!this.nodeRegistry.get(nodeName)?.info.ssh) {
            this.c.add(prepareAt, `prepare needs SSH access to node "${nodeName}" (add an ssh block under nodes.${nodeName})`);
          }
        }
        this.push("storagePools", pool, { kind: "StoragePool", node: nodeName, name }, member.at);
      }
    }
  }

  /** The props of a map, each value checked against the controller's rule for its key (model/shape.ts). */
  private checkedProps(value: unknown, at: Segment[]): Props | undefined {
    const out = props(value);
    if (!out) return out;
    // Keys and value types were checked by the schema; only the values' rules are left here.
    for (const problem of checkField(propsField, out, "props").problems) this.c.add([...at, problem.path.slice("props.".length)], problem.reason);
    return out;
  }

  private backingShape(provider: string | undefined, backing: string | undefined, at: Segment[]): void {
    for (const reason of backingPoolProblems(provider, backing)) this.c.add(at, reason);
  }

  private prepareShape(provider: string | undefined, fields: Fields, at: Segment[]): void {
    for (const p of prepareProblems(provider, fields)) {
      if (p.path === "") this.c.add(at, `prepare ${p.reason}`);
      else this.c.add([...at, p.path], `${p.path} ${p.reason}`, true);
    }
  }

  private prepare(fields: Fields, at: Segment[]): PoolPrepareSpec | undefined {
    const devices = strings(fields.devices);
    if (!devices) return undefined;
    const prepare: PoolPrepareSpec = { devices };
    if (fields.thinPoolSize !== undefined) {
      const kib = this.size(fields.thinPoolSize, [...at, "thinPoolSize"]);
      if (kib !== undefined) prepare.thinPoolSizeKib = kib;
    }
    return prepare;
  }

  // ---------------------------------------------------------------------------------------------
  resourceGroups(value: unknown): void {
    for (const [name, spec] of entries(value)) {
      const at: Segment[] = ["resourceGroups", name];
      const fields = isMap(spec) ? spec : undefined;
      const placement = isMap(fields?.placement) ? fields.placement : undefined;
      if (!this.groupRegistry.declare(name, at, { placeCount: int(placement?.placeCount) }) || !fields) continue;
      const group: ResourceGroupSpec = { name };
      if (typeof fields.description === "string") group.description = fields.description;
      if (placement) {
        const rules = this.placementRules(placement, [...at, "placement"]);
        if (int(placement.placeCount) !== undefined) {
          rules.placeCount = int(placement.placeCount);
          this.enoughNodes(rules.placeCount as number, rules.storagePools, [...at, "placement", "placeCount"]);
        }
        if (Array.isArray(placement.layerStack)) {
          const layers = this.layers(placement.layerStack, [...at, "placement", "layerStack"]);
          if (layers) rules.layerStack = layers;
        }
        group.placement = rules;
      }
      if (props(fields.props)) group.props = this.checkedProps(fields.props, [...at, "props"]);
      this.push("resourceGroups", group, { kind: "ResourceGroup", name }, at);
    }
  }

  /** The auto-place constraints shared by resource groups and autoPlace. */
  private placementRules(fields: Fields, at: Segment[]): PlacementSpec {
    const rules: PlacementSpec = {};
    for (const key of ["storagePools", "disklessStoragePools"] as const) {
      const list = strings(fields[key]);
      if (!list) continue;
      const pools: string[] = [];
      list.forEach((pool, i) => {
        const found = this.poolRef(pool, [...at, key, i]);
        if (!found) return;
        if (key === "disklessStoragePools" && found.info.providerKind !== undefined && found.info.providerKind !== "DISKLESS") {
          this.c.add([...at, key, i], `storage pool "${pool}" is ${found.info.providerKind}, not DISKLESS (list it under storagePools)`);
        }
        if (key === "storagePools" && found.info.providerKind === "DISKLESS") {
          this.c.add([...at, key, i], `storage pool "${pool}" is DISKLESS (list it under disklessStoragePools)`);
        }
        pools.push(found.name);
      });
      rules[key] = pools;
    }
    for (const key of ["replicasOnSame", "replicasOnDifferent", "doNotPlaceWith"] as const) {
      const list = strings(fields[key]);
      if (list) rules[key] = list;
    }
    const regex = str(fields.doNotPlaceWithRegex);
    if (regex !== undefined) {
      try {
        new RegExp(regex);
        rules.doNotPlaceWithRegex = regex;
      } catch (e) {
        this.c.add([...at, "doNotPlaceWithRegex"], `not a valid regular expression: ${(e as Error).message}`);
      }
    }
    const providers = strings(fields.providerList);
    if (providers) rules.providerList = providers.map((p) => p.toUpperCase() as ProviderKind);
    if (bool(fields.disklessOnRemaining) !== undefined) rules.disklessOnRemaining = bool(fields.disklessOnRemaining);
    return rules;
  }

  private layers(value: unknown[], at: Segment[]): LayerKind[] | undefined {
    const layers = strings(value)?.map((l) => l.toUpperCase() as LayerKind);
    if (!layers || layers.length === 0) return undefined;
    if (layers[layers.length - 1] !== "STORAGE") {
      this.c.add(at, `the layer stack must end with storage (e.g. [drbd, storage], or [storage] for a local volume)`);
    }
    const seen = new Set<string>();
    layers.forEach((layer, i) => {
      if (seen.has(layer)) this.c.add([...at, i], `layer ${String(value[i])} appears twice (each layer once)`);
      seen.add(layer);
    });
    return layers;
  }

  // ---------------------------------------------------------------------------------------------
  resources(value: unknown): void {
    // First every name (and snapshot name), so references can point forward (restoreFrom).
    const declared: { name: string; fields: Fields; info: ResourceInfo }[] = [];
    for (const [name, spec] of entries(value)) {
      const at: Segment[] = ["resources", name];
      const fields = isMap(spec) ? spec : {};
      const info: ResourceInfo = { fields, snapshots: new Registry(this.c, "snapshot", "snapshot") };
      if (!this.resourceRegistry.declare(name, at, info) || !isMap(spec)) continue;
      for (const [snapshot, snapSpec] of entries(fields.snapshots)) {
        info.snapshots.declare(snapshot, [...at, "snapshots", snapshot], { nodes: strings(isMap(snapSpec) ? snapSpec.nodes : undefined) });
      }
      declared.push({ name, fields, info });
    }
    for (const { name, fields, info } of declared) this.resource(name, fields, info);
    for (const { name, fields, info } of declared) this.snapshots(name, fields, info);
  }

  private resource(name: string, fields: Fields, info: ResourceInfo): void {
    const at: Segment[] = ["resources", name];
    const layers = Array.isArray(fields.layers) ? this.layers(fields.layers, [...at, "layers"]) : undefined;
    // Without `layers` the controller picks [DRBD, STORAGE] for the first replica.
    const drbd = layers === undefined || layers.includes("DRBD");

    const definition: ResourceDefinitionSpec = { name };
    let group: { name: string; info: { placeCount?: number } } | undefined;
    if (typeof fields.group === "string") {
      group = this.groupRegistry.get(fields.group);
      if (group) definition.resourceGroup = group.name;
      else if (nameKey(fields.group) === nameKey(DEFAULT_GROUP)) definition.resourceGroup = DEFAULT_GROUP;
      else this.c.add([...at, "group"], `resource group "${fields.group}" is not declared under resourceGroups (declared: ${quoted(this.groupRegistry.names())}; or ${DEFAULT_GROUP})`);
    }
    if (layers) definition.layerStack = layers;
    for (const key of ["drbdPort", "peerSlots"] as const) {
      const number = int(fields[key]);
      if (number === undefined) continue;
      definition[key] = number;
      if (key === "drbdPort") this.claim("drbdPort", number, [...at, key], "DRBD port");
      if (!drbd) this.c.add([...at, key], `${key} needs the drbd layer (this resource has layers [${layers?.join(", ").toLowerCase()}])`);
    }
    if (props(fields.props)) definition.props = this.checkedProps(fields.props, [...at, "props"]);
    this.push("resourceDefinitions", definition, { kind: "ResourceDefinition", name }, at);

    const restore = this.restoreFrom(name, fields, at);
    // A restore that names something wrong is reported once, not again as missing volumes or placement.
    const restoring = isMap(fields.restoreFrom);
    this.volumes(name, fields, at, restoring);

    // Placement.
    const replicas: ResourceSpec = { resource: name };
    const nodes = this.nodeList(fields.nodes, [...at, "nodes"]);
    const auto = fields.autoPlace;
    if (fields.nodes !== undefined && auto !== undefined) {
      this.c.add([...at, "autoPlace"], "nodes and autoPlace exclude each other (list the nodes, or let the controller choose them with autoPlace)", true);
    }
    if (nodes) {
      replicas.nodes = nodes;
      info.diskful = nodes;
    }
    if (auto !== undefined && fields.nodes === undefined) {
      const placement = this.autoPlace(auto, [...at, "autoPlace"]);
      if (placement) replicas.autoPlace = placement;
      if (restoring && placement) {
        this.c.add([...at, "autoPlace"], "a restore places replicas on the snapshot's nodes: use nodes (a subset of them) or leave placement out", true);
      }
    }
    if (fields.storagePool !== undefined) this.replicaPool(fields.storagePool, [...at, "storagePool"], replicas, auto !== undefined && fields.nodes === undefined);

    const diskless = this.nodeList(fields.diskless, [...at, "diskless"]);
    if (diskless) {
      replicas.diskless = diskless;
      if (!drbd) this.c.add([...at, "diskless"], `diskless replicas need the drbd layer (this resource has layers [${layers?.join(", ").toLowerCase()}]; add drbd: [drbd, storage])`, true);
      const diskful = new Set((nodes ?? []).map(nameKey));
      diskless.forEach((node) => {
        if (diskful.has(nameKey(node))) {
          const i = (fields.diskless as unknown[]).findIndex((n) => typeof n === "string" && nameKey(n) === nameKey(node));
          this.c.add([...at, "diskless", i], `node "${node}" is also a diskful replica under nodes (a node holds one replica: remove it from one list)`);
        }
      });
    }
    if (restore) {
      replicas.restoreFrom = restore.ref;
      this.restoreNodes(nodes, restore, at);
    }
    if (fields.nodes === undefined && auto === undefined && !restoring) {
      if (group?.info.placeCount !== undefined) {
        // The group's select filter places the replicas (like `linstor resource-group spawn`).
        replicas.autoPlace = { placeCount: group.info.placeCount };
      } else if (!diskless) {
        this.c.add(at, "says nowhere where its replicas go (add nodes: [...], or autoPlace: N, or a group whose placement has a placeCount)", true);
      } else {
        this.c.add([...at, "diskless"], "only diskless replicas are listed (add nodes: [...] or autoPlace for the diskful ones)", true);
      }
    }
    if (props(fields.replicaProps)) replicas.props = this.checkedProps(fields.replicaProps, [...at, "replicaProps"]);
    this.push("resources", replicas, { kind: "Resource", resource: name }, at);
  }

  private autoPlace(value: unknown, at: Segment[]): (PlacementSpec & { placeCount: number }) | undefined {
    let placement: (PlacementSpec & { placeCount: number }) | undefined;
    if (int(value) !== undefined) placement = { placeCount: int(value) as number };
    else if (isMap(value) && int(value.count) !== undefined) {
      placement = { ...this.placementRules(value, at), placeCount: int(value.count) as number };
    }
    if (placement) this.enoughNodes(placement.placeCount, placement.storagePools, isMap(value) ? [...at, "count"] : at);
    return placement;
  }

  /** A cluster-wide unique number (DRBD port, minor) asked for twice is a conflict. */
  private claim(kind: "drbdPort" | "minor", value: number, at: Segment[], label: string): void {
    const first = this.claimed[kind].get(value);
    if (first) {
      this.c.add(at, `${label} ${value} is already asked for at ${this.c.where(first)} (${formatPathOf(first)}; it must be unique in the cluster)`);
      return;
    }
    this.claimed[kind].set(value, at);
  }

  /** Each replica needs its own node: one that has one of the allowed pools, when pools are named. */
  private enoughNodes(count: number, pools: string[] | undefined, at: Segment[]): void {
    if (pools && pools.length > 0) {
      const candidates = new Map<string, string>();
      for (const pool of pools) for (const [key, node] of this.poolRegistry.get(pool)?.info.nodes ?? []) candidates.set(key, node);
      if (count > candidates.size) {
        this.c.add(at, `${count} replicas need ${count} nodes with storage pool ${pools.join(" or ")}, only ${candidates.size} have one ` +
          `(${quoted(candidates.values())}; lower the count or add the pool to more nodes)`);
      }
      return;
    }
    const declared = this.nodeRegistry.names().length;
    if (declared > 0 && count > declared) {
      this.c.add(at, `${count} replicas need ${count} nodes, the stack declares ${declared} (lower the count or declare more nodes)`);
    }
  }

  /** `storagePool` of explicit replicas: declared, diskful, and present on every listed node. */
  private replicaPool(value: unknown, at: Segment[], replicas: ResourceSpec, autoPlaced: boolean): void {
    if (autoPlaced) {
      this.c.add(at, "storagePool applies to explicit nodes; with autoPlace write autoPlace: {count: N, storagePools: [...]}", true);
      return;
    }
    const pool = this.poolRef(value, at);
    if (!pool) return;
    replicas.storagePool = pool.name;
    if (pool.info.providerKind === "DISKLESS") {
      this.c.add(at, `storage pool "${pool.name}" is DISKLESS: diskful replicas need a pool with storage (diskless ones go under diskless)`);
      return;
    }
    for (const node of replicas.nodes ?? []) {
      if (!pool.info.nodes.has(nameKey(node))) {
        this.c.add(at, `storage pool "${pool.name}" is not on node "${node}" (it is on: ${quoted(pool.info.nodes.values())}; add the node to storagePools.${pool.name}.nodes)`);
      }
    }
  }

  private volumes(resource: string, fields: Fields, at: Segment[], restoring: boolean): void {
    if (restoring) {
      if (fields.volumes !== undefined) {
        this.c.add([...at, "volumes"], "a restored resource gets its volumes from the snapshot (remove volumes)", true);
      }
      return;
    }
    if (fields.volumes === undefined) {
      this.c.add([...at, "volumes"], "is required (e.g. volumes: [150m])");
      return;
    }
    if (!Array.isArray(fields.volumes)) return;
    const numbers = new Map<number, number>();
    fields.volumes.forEach((item, i) => {
      const itemAt = [...at, "volumes", i];
      const spec = isMap(item) ? item : undefined;
      const sizeKib = spec ? this.size(spec.size, [...itemAt, "size"]) : this.size(item, itemAt);
      const number = int(spec?.number) ?? i;
      const first = numbers.get(number);
      if (first !== undefined) {
        this.c.add(spec?.number !== undefined ? [...itemAt, "number"] : itemAt,
          `volume number ${number} is already used by volumes[${first}] (give each volume its own number)`);
        return;
      }
      numbers.set(number, i);
      if (sizeKib === undefined) return;
      const volume: VolumeDefinitionSpec = { resource, number, sizeKib };
      if (int(spec?.minor) !== undefined) {
        volume.minor = int(spec?.minor);
        this.claim("minor", volume.minor as number, [...itemAt, "minor"], "DRBD minor");
      }
      if (props(spec?.props)) volume.props = this.checkedProps(spec?.props, [...itemAt, "props"]);
      this.push("volumeDefinitions", volume, { kind: "VolumeDefinition", resource, number }, itemAt);
    });
  }

  private restoreFrom(name: string, fields: Fields, at: Segment[]):
    { ref: { resource: string; snapshot: string }; snapshotNodes?: string[]; sourceNodes?: string[] } | undefined {
    const restore = isMap(fields.restoreFrom) ? fields.restoreFrom : undefined;
    if (!restore || typeof restore.resource !== "string" || typeof restore.snapshot !== "string") return undefined;
    const restoreAt = [...at, "restoreFrom"];
    if (nameKey(restore.resource) === nameKey(name)) {
      this.c.add([...restoreAt, "resource"], "a resource cannot be restored from its own snapshot (to go back in time use the snapshot's rollbackTrigger)");
      return undefined;
    }
    const source = this.resourceRegistry.get(restore.resource);
    if (!source) {
      this.c.add([...restoreAt, "resource"], `resource "${restore.resource}" is not declared under resources (declared: ${quoted(this.resourceRegistry.names())})`);
      return undefined;
    }
    const snapshot = source.info.snapshots.get(restore.snapshot);
    if (!snapshot) {
      this.c.add([...restoreAt, "snapshot"],
        `snapshot "${restore.snapshot}" is not declared under resources.${source.name}.snapshots (declared: ${quoted(source.info.snapshots.names())})`);
      return undefined;
    }
    return {
      ref: { resource: source.name, snapshot: snapshot.name },
      snapshotNodes: snapshot.info.nodes,
      sourceNodes: strings(source.info.fields.nodes),
    };
  }

  /** Restored replicas can only go where the snapshot is. */
  private restoreNodes(nodes: string[] | undefined, restore: { ref: { snapshot: string }; snapshotNodes?: string[]; sourceNodes?: string[] }, at: Segment[]): void {
    const holders = restore.snapshotNodes ?? restore.sourceNodes;
    if (!nodes || !holders) return;
    const held = new Set(holders.map(nameKey));
    nodes.forEach((node, i) => {
      if (!held.has(nameKey(node))) {
        this.c.add([...at, "nodes", i], `node "${node}" holds no snapshot ${restore.ref.snapshot} to restore from (the snapshot is on: ${quoted(holders)})`);
      }
    });
  }

  private snapshots(name: string, fields: Fields, info: ResourceInfo): void {
    for (const entry of info.snapshots.all()) {
      const spec = (fields.snapshots as Fields)[entry.name];
      const snapAt = entry.segments;
      const snapshot: SnapshotSpec = { resource: name, name: entry.name };
      if (isMap(spec)) {
        const nodes = this.nodeList(spec.nodes, [...snapAt, "nodes"]);
        if (nodes) {
          snapshot.nodes = nodes;
          this.snapshotNodes(nodes, fields, info, [...snapAt, "nodes"], spec.nodes as unknown[]);
        }
        if (typeof spec.rollbackTrigger === "string" || typeof spec.rollbackTrigger === "number") {
          snapshot.rollbackTrigger = String(spec.rollbackTrigger);
        }
      }
      this.snapshotSupport(fields, snapAt);
      this.push("snapshots", snapshot, { kind: "Snapshot", resource: name, name: entry.name }, snapAt);
    }
  }

  /** LINSTOR snapshots diskful replicas only: each named node must hold one. */
  private snapshotNodes(nodes: string[], fields: Fields, info: ResourceInfo, at: Segment[], written: unknown[]): void {
    const diskless = new Set((strings(fields.diskless) ?? []).map(nameKey));
    const diskful = info.diskful ? new Set(info.diskful.map(nameKey)) : undefined;
    for (const node of nodes) {
      const i = written.findIndex((n) => typeof n === "string" && nameKey(n) === nameKey(node));
      if (diskless.has(nameKey(node))) {
        this.c.add([...at, i], `node "${node}" holds a diskless replica here: LINSTOR snapshots only diskful replicas (on: ${quoted(info.diskful ?? [])})`);
      } else if (diskful && !diskful.has(nameKey(node))) {
        this.c.add([...at, i], `node "${node}" holds no replica of this resource (its replicas are on: ${quoted(info.diskful ?? [])})`);
      }
    }
  }

  /** Snapshots need a pool that can take them (not thick LVM). */
  private snapshotSupport(fields: Fields, at: Segment[]): void {
    const auto = isMap(fields.autoPlace) ? fields.autoPlace : undefined;
    const poolNames = typeof fields.storagePool === "string" ? [fields.storagePool] : strings(auto?.storagePools) ?? [];
    const pools = poolNames.map((p) => this.poolRegistry.get(p)).filter((p) => p !== undefined);
    if (pools.length === 0) return;
    if (pools.every((p) => p.info.providerKind !== undefined && !(SNAPSHOT_PROVIDERS as readonly string[]).includes(p.info.providerKind))) {
      const shown = pools.map((p) => `${p.name} (${p.info.providerKind})`).join(", ");
      this.c.add(at, `storage pool ${shown} cannot take snapshots (use a pool of kind LVM_THIN, ZFS, ZFS_THIN, FILE or FILE_THIN)`, true);
    }
  }
}
