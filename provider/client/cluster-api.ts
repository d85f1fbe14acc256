// The client in the model's terms: specs in, Live* objects out, one small interface per area, so
// the executor never sees a wire field and a test fakes the one method a step calls. Each method
// is one REST call (or a read-compare the call needs), built on the per-area wire services.

import type {
  LiveNode, LiveReplica, LiveResourceDefinition, LiveResourceGroup, LiveSnapshot, LiveStoragePool,
  LiveVolumeDefinition, NodeSpec, PlacementSpec, PropChange, ReplicaPlacement, ResourceDefinitionSpec, ResourceGroupSpec,
  StoragePoolSpec, VolumeDefinitionSpec,
} from "../model/types";
import {
  autoPlaceBody, nodeCreateBody, propsModify, replicaCreateBody, resourceDefinitionCreateBody, resourceGroupCreateBody,
  selectFilter, storagePoolCreateBody, volumeDefinitionCreateBody,
} from "./bodies";
import type { LinstorClient } from "./client";
import { orUndefined } from "./errors";
import {
  toLiveNode, toLiveReplica, toLiveResourceDefinition, toLiveResourceGroup, toLiveSnapshot, toLiveStoragePool,
} from "./live";
import type { ApiCallRc } from "./rc";
import type { VolumeDefinition } from "./types";

type Rcs = Promise<ApiCallRc[]>;

export interface NodesApi {
  names(): Promise<string[]>;
  read(name: string): Promise<LiveNode | undefined>;
  create(spec: NodeSpec): Rcs;
  setProps(name: string, change: PropChange): Rcs;
  delete(name: string): Rcs;
}

export interface PoolsApi {
  read(node: string, name: string): Promise<LiveStoragePool | undefined>;
  onNode(node: string): Promise<LiveStoragePool[]>;
  create(spec: StoragePoolSpec): Rcs;
  setProps(node: string, name: string, change: PropChange): Rcs;
  delete(node: string, name: string): Rcs;
}

export interface GroupsApi {
  read(name: string): Promise<LiveResourceGroup | undefined>;
  create(spec: ResourceGroupSpec): Rcs;
  modify(name: string, change: { props: PropChange; description?: string; placement?: PlacementSpec }): Rcs;
  delete(name: string): Rcs;
}

export interface DefinitionsApi {
  read(name: string): Promise<LiveResourceDefinition | undefined>;
  create(spec: ResourceDefinitionSpec): Rcs;
  modify(name: string, change: { props: PropChange; resourceGroup?: string }): Rcs;
  delete(name: string): Rcs;
  /** The controller's own verdict: every diskful replica is UpToDate. */
  syncedOnAll(name: string): Promise<boolean>;
}

export interface VolumesApi {
  read(resource: string, number: number): Promise<LiveVolumeDefinition | undefined>;
  list(resource: string): Promise<LiveVolumeDefinition[]>;
  create(spec: VolumeDefinitionSpec): Rcs;
  resize(resource: string, number: number, sizeKib: number): Rcs;
  setProps(resource: string, number: number, change: PropChange): Rcs;
  delete(resource: string, number: number): Rcs;
}

export interface ReplicasApi {
  read(resource: string, node: string): Promise<LiveReplica | undefined>;
  /** The replicas of a definition without volume states (one cheap call). */
  list(resource: string): Promise<LiveReplica[]>;
  /**
   * The replicas of a definition with their volume states (disk state, resync progress), as a read
   * shows them that began after every write so far; `again` (a wait that saw an earlier answer):
   * after this call. A shared cache may answer the first from a read other callers began.
   */
  withStates(resource: string, again?: boolean): Promise<LiveReplica[]>;
  onNode(node: string): Promise<LiveReplica[]>;
  create(resource: string, replicas: ReplicaPlacement[]): Rcs;
  /** Let the controller place up to `placeCount` diskful replicas; `onlyNodes` limits its choice. */
  autoPlace(resource: string, placement: PlacementSpec & { placeCount: number }, onlyNodes?: string[]): Rcs;
  setProps(resource: string, node: string, change: PropChange): Rcs;
  delete(resource: string, node: string, keepTiebreaker?: boolean): Rcs;
  toggleDisk(resource: string, node: string, into: "diskful" | "diskless", storagePool?: string): Rcs;
}

export interface SnapshotsApi {
  read(resource: string, name: string): Promise<LiveSnapshot | undefined>;
  onNode(node: string): Promise<LiveSnapshot[]>;
  create(resource: string, name: string, nodes?: string[]): Rcs;
  delete(resource: string, name: string): Rcs;
  restoreVolumeDefinitions(from: string, snapshot: string, to: string): Rcs;
  restoreReplicas(from: string, snapshot: string, to: string, nodes?: string[]): Rcs;
  rollback(resource: string, snapshot: string): Rcs;
}

export interface ClusterApi {
  nodes: NodesApi;
  pools: PoolsApi;
  groups: GroupsApi;
  definitions: DefinitionsApi;
  volumes: VolumesApi;
  replicas: ReplicasApi;
  snapshots: SnapshotsApi;
}

const toLiveVolumeDefinition = (v: VolumeDefinition): LiveVolumeDefinition =>
  ({ number: v.volume_number, sizeKib: v.size_kib, props: v.props ?? {}, flags: v.flags ?? [] });

const read = async <W, L>(p: Promise<W>, to: (w: W) => L): Promise<L | undefined> => {
  const w = await orUndefined(p);
  return w === undefined ? undefined : to(w);
};

function nodesApi(c: LinstorClient): NodesApi {
  return {
    names: async () => (await c.nodes.list()).map((n) => n.name),
    read: (name) => read(c.nodes.get(name), toLiveNode),
    create: (spec) => c.nodes.create(nodeCreateBody(spec)),
    setProps: (name, change) => c.nodes.modify(name, propsModify(change)),
    delete: (name) => c.nodes.delete(name),
  };
}

function poolsApi(c: LinstorClient): PoolsApi {
  return {
    read: (node, name) => read(c.storagePools.get(node, name), toLiveStoragePool),
    onNode: async (node) => (await c.storagePools.listOnNode(node)).map(toLiveStoragePool),
    create: (spec) => c.storagePools.create(spec.node, storagePoolCreateBody(spec)),
    setProps: (node, name, change) => c.storagePools.modify(node, name, propsModify(change)),
    delete: (node, name) => c.storagePools.delete(node, name),
  };
}

function groupsApi(c: LinstorClient): GroupsApi {
  return {
    read: (name) => read(c.resourceGroups.get(name), toLiveResourceGroup),
    create: (spec) => c.resourceGroups.create(resourceGroupCreateBody(spec)),
    modify: (name, change) => c.resourceGroups.modify(name, {
      ...propsModify(change.props),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.placement ? { select_filter: selectFilter(change.placement) } : {}),
    }),
    delete: (name) => c.resourceGroups.delete(name),
  };
}

function definitionsApi(c: LinstorClient): DefinitionsApi {
  return {
    read: (name) => read(c.resourceDefinitions.get(name), toLiveResourceDefinition),
    create: (spec) => c.resourceDefinitions.create(resourceDefinitionCreateBody(spec)),
    modify: (name, change) => c.resourceDefinitions.modify(name, {
      ...propsModify(change.props), ...(change.resourceGroup ? { resource_group: change.resourceGroup } : {}),
    }),
    delete: (name) => c.resourceDefinitions.delete(name),
    syncedOnAll: async (name) => (await c.resourceDefinitions.syncStatus(name)).synced_on_all === true,
  };
}

function volumesApi(c: LinstorClient): VolumesApi {
  return {
    read: (resource, number) => read(c.volumeDefinitions.get(resource, number), toLiveVolumeDefinition),
    list: async (resource) => (await c.volumeDefinitions.list(resource)).map(toLiveVolumeDefinition),
    create: (spec) => c.volumeDefinitions.create(spec.resource, volumeDefinitionCreateBody(spec)),
    resize: (resource, number, sizeKib) => c.volumeDefinitions.resize(resource, number, sizeKib),
    setProps: (resource, number, change) => c.volumeDefinitions.setProps(resource, number, propsModify(change)),
    delete: (resource, number) => c.volumeDefinitions.delete(resource, number),
  };
}

function replicasApi(c: LinstorClient): ReplicasApi {
  return {
    read: (resource, node) => read(c.resources.get(resource, node), toLiveReplica),
    list: async (resource) => (await c.resources.list(resource)).map(toLiveReplica),
    withStates: async (resource) => (await c.resources.view({ resources: [resource] })).map(toLiveReplica),
    onNode: async (node) => (await c.resources.view({ nodes: [node] })).map(toLiveReplica),
    create: (resource, replicas) => c.resources.create(resource, replicas.map(replicaCreateBody)),
    autoPlace: (resource, placement, onlyNodes) => {
      const body = autoPlaceBody(placement);
      if (onlyNodes) body.select_filter.node_name_list = onlyNodes;
      return c.resources.autoPlace(resource, body);
    },
    setProps: (resource, node, change) => c.resources.modify(resource, node, propsModify(change)),
    delete: (resource, node, keepTiebreaker) => c.resources.delete(resource, node, { keepTiebreaker }),
    toggleDisk: (resource, node, into, storagePool) => c.resources.toggleDisk(resource, node, {
      operation: into === "diskful" ? "INTO_DRBD_DISKFUL" : "INTO_DRBD_DISKLESS",
      ...(storagePool ? { storage_pool: storagePool } : {}),
    }),
  };
}

function snapshotsApi(c: LinstorClient): SnapshotsApi {
  return {
    read: (resource, name) => read(c.snapshots.get(resource, name), toLiveSnapshot),
    onNode: async (node) => (await c.snapshots.view({ nodes: [node] })).map(toLiveSnapshot),
    create: (resource, name, nodes) => c.snapshots.create(resource, { name, ...(nodes?.length ? { nodes } : {}) }),
    delete: (resource, name) => c.snapshots.delete(resource, name),
    restoreVolumeDefinitions: (from, snapshot, to) => c.snapshots.restoreVolumeDefinitions(from, snapshot, to),
    restoreReplicas: (from, snapshot, to, nodes) =>
      c.snapshots.restoreResource(from, snapshot, { to_resource: to, ...(nodes?.length ? { nodes } : {}) }),
    rollback: (resource, snapshot) => c.snapshots.rollback(resource, snapshot),
  };
}

/** The model-typed face of one client (same connection, failover state and counters). */
export function clusterApi(client: LinstorClient): ClusterApi {
  return {
    nodes: nodesApi(client), pools: poolsApi(client), groups: groupsApi(client), definitions: definitionsApi(client),
    volumes: volumesApi(client), replicas: replicasApi(client), snapshots: snapshotsApi(client),
  };
}
