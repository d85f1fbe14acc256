// Desired-state specs → REST request bodies. Pure; the only place that writes the wire format.

import type {
  NodeSpec, PlacementSpec, PropChange, ReplicaPlacement, ResourceDefinitionSpec, ResourceGroupSpec, StoragePoolSpec,
  VolumeDefinitionSpec,
} from "../model/types";
import type * as rest from "./types";

const DEFAULT_SATELLITE_PORT = { PLAIN: 3366, SSL: 3367 } as const;

export function nodeCreateBody(n: NodeSpec): rest.NodeCreate {
  const encryption = n.encryption ?? "PLAIN";
  return {
    name: n.name,
    type: n.type ?? "SATELLITE",
    net_interfaces: [{
      name: "default",
      address: n.address,
      satellite_port: n.port ?? DEFAULT_SATELLITE_PORT[encryption],
      satellite_encryption_type: encryption,
      is_active: true,
    }],
    ...(n.props && Object.keys(n.props).length ? { props: n.props } : {}),
  };
}

export function storagePoolCreateBody(p: StoragePoolSpec): rest.StoragePoolCreate {
  const props = { ...(p.props ?? {}) };
  if (p.backingPool) props["StorDriver/StorPoolName"] = p.backingPool;
  return { storage_pool_name: p.name, provider_kind: p.providerKind, ...(Object.keys(props).length ? { props } : {}) };
}

export function selectFilter(p: PlacementSpec | undefined): rest.AutoSelectFilter {
  const f: rest.AutoSelectFilter = {};
  if (!p) return f;
  if (p.placeCount !== undefined) f.place_count = p.placeCount;
  if (p.storagePools?.length) f.storage_pool_list = p.storagePools;
  if (p.disklessStoragePools?.length) f.storage_pool_diskless_list = p.disklessStoragePools;
  if (p.replicasOnSame?.length) f.replicas_on_same = p.replicasOnSame;
  if (p.replicasOnDifferent?.length) f.replicas_on_different = p.replicasOnDifferent;
  if (p.doNotPlaceWith?.length) f.not_place_with_rsc = p.doNotPlaceWith;
  if (p.doNotPlaceWithRegex) f.not_place_with_rsc_regex = p.doNotPlaceWithRegex;
  if (p.layerStack?.length) f.layer_stack = p.layerStack;
  if (p.providerList?.length) f.provider_list = p.providerList;
  if (p.disklessOnRemaining !== undefined) f.diskless_on_remaining = p.disklessOnRemaining;
  return f;
}

export function resourceGroupCreateBody(g: ResourceGroupSpec): rest.ResourceGroupCreate {
  const body: rest.ResourceGroupCreate = { name: g.name };
  if (g.description !== undefined) body.description = g.description;
  if (g.props && Object.keys(g.props).length) body.props = g.props;
  const f = selectFilter(g.placement);
  if (Object.keys(f).length) body.select_filter = f;
  return body;
}

export function resourceDefinitionCreateBody(d: ResourceDefinitionSpec): rest.ResourceDefinitionCreate {
  const body: rest.ResourceDefinitionCreate = { resource_definition: { name: d.name } };
  if (d.resourceGroup) body.resource_definition.resource_group_name = d.resourceGroup;
  if (d.props && Object.keys(d.props).length) body.resource_definition.props = d.props;
  // The layer stack travels as layer_data [{type}], never as layer_stack (the server rejects that here).
  if (d.layerStack?.length) body.resource_definition.layer_data = d.layerStack.map((type) => ({ type }));
  if (d.drbdPort !== undefined) body.drbd_port = d.drbdPort;
  if (d.peerSlots !== undefined) body.drbd_peer_slots = d.peerSlots;
  return body;
}

export function volumeDefinitionCreateBody(v: VolumeDefinitionSpec): rest.VolumeDefinitionCreate {
  const body: rest.VolumeDefinitionCreate = { volume_definition: { volume_number: v.number, size_kib: v.sizeKib } };
  if (v.props && Object.keys(v.props).length) body.volume_definition.props = v.props;
  if (v.minor !== undefined) body.drbd_minor_number = v.minor;
  return body;
}

export function replicaCreateBody(r: ReplicaPlacement): rest.ResourceCreate {
  const props = { ...(r.props ?? {}) };
  // The pool is chosen by the resource prop StorPoolName (what the python and Go clients send).
  if (r.storagePool) props.StorPoolName = r.storagePool;
  const body: rest.ResourceCreate = { resource: { node_name: r.node } };
  if (Object.keys(props).length) body.resource.props = props;
  if (r.diskless) body.resource.flags = ["DRBD_DISKLESS"];
  return body;
}

export function autoPlaceBody(p: PlacementSpec & { placeCount: number }): rest.AutoPlaceRequest {
  const f = selectFilter(p);
  delete f.layer_stack;
  delete f.diskless_on_remaining;
  const body: rest.AutoPlaceRequest = { select_filter: f };
  // The REST layer overwrites select_filter.layer_stack / diskless_on_remaining with these.
  if (p.layerStack?.length) body.layer_list = p.layerStack;
  if (p.disklessOnRemaining !== undefined) body.diskless_on_remaining = p.disklessOnRemaining;
  return body;
}

export function propsModify(c: PropChange): rest.PropsModify {
  const m: rest.PropsModify = {};
  if (Object.keys(c.set).length) m.override_props = c.set;
  if (c.remove.length) m.delete_props = c.remove;
  return m;
}
