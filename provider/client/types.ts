// Wire shapes of the LINSTOR REST API v1 (the parts the provider uses). Field names are the
// controller's. The controller omits empty fields (Jackson NON_EMPTY), so nearly every response
// field is optional. Request bodies are strict on the server: an unknown field is a 400.

export type Props = Record<string, string>;

export interface ControllerVersion {
  version: string;
  git_hash?: string;
  build_time?: string;
  rest_api_version?: string;
}

export interface PropsModify {
  override_props?: Props;
  delete_props?: string[];
  delete_namespaces?: string[];
}

// ---- nodes --------------------------------------------------------------------------------------

export interface NetInterface {
  name: string;
  address: string;
  satellite_port?: number;
  satellite_encryption_type?: string;
  is_active?: boolean;
  uuid?: string;
}

export interface Node {
  name: string;
  type: string;
  flags?: string[];
  props?: Props;
  net_interfaces?: NetInterface[];
  connection_status?: string;
  uuid?: string;
  storage_providers?: string[];
  resource_layers?: string[];
}

export interface NodeCreate {
  name: string;
  type: string;
  net_interfaces: NetInterface[];
  props?: Props;
}

export interface NodeModify extends PropsModify {
  node_type?: string;
}

// ---- storage pools ------------------------------------------------------------------------------

export interface StoragePool {
  storage_pool_name: string;
  node_name: string;
  provider_kind: string;
  props?: Props;
  static_traits?: Props;
  /** KiB; bigint for DISKLESS pools (Long.MAX_VALUE); absent until the satellite reported. */
  free_capacity?: number | bigint;
  total_capacity?: number | bigint;
  free_space_mgr_name?: string;
  uuid?: string;
  supports_snapshots?: boolean;
  reports?: unknown[];
  shared_space?: string;
  external_locking?: boolean;
}

export interface StoragePoolCreate {
  storage_pool_name: string;
  provider_kind: string;
  props?: Props;
  free_space_mgr_name?: string;
  external_locking?: boolean;
}

// ---- resource groups ----------------------------------------------------------------------------

export interface AutoSelectFilter {
  place_count?: number;
  additional_place_count?: number;
  node_name_list?: string[];
  storage_pool?: string;
  storage_pool_list?: string[];
  storage_pool_diskless_list?: string[];
  not_place_with_rsc?: string[];
  not_place_with_rsc_regex?: string;
  replicas_on_same?: string[];
  replicas_on_different?: string[];
  x_replicas_on_different_map?: Record<string, number>;
  layer_stack?: string[];
  provider_list?: string[];
  diskless_on_remaining?: boolean;
  diskless_type?: string;
}

export interface ResourceGroup {
  name: string;
  description?: string;
  props?: Props;
  select_filter?: AutoSelectFilter;
  uuid?: string;
  peer_slots?: number;
}

export interface ResourceGroupCreate {
  name: string;
  description?: string;
  props?: Props;
  select_filter?: AutoSelectFilter;
  peer_slots?: number;
}

export interface ResourceGroupModify extends PropsModify {
  description?: string;
  select_filter?: AutoSelectFilter;
  peer_slots?: number;
}

export interface ResourceGroupSpawn {
  resource_definition_name: string;
  volume_sizes: number[];
  select_filter?: AutoSelectFilter;
  partial?: boolean;
  definitions_only?: boolean;
  peer_slots?: number;
  resource_definition_props?: Props;
  resource_definition_external_name?: string;
}

// ---- resource and volume definitions ------------------------------------------------------------

export interface LayerData {
  type: string;
  data?: Record<string, unknown>;
}

export interface VolumeDefinition {
  volume_number: number;
  size_kib: number;
  props?: Props;
  flags?: string[];
  uuid?: string;
  layer_data?: { type: string; data?: { volume_number?: number; minor_number?: number } }[];
}

export interface ResourceDefinition {
  name: string;
  external_name?: string;
  props?: Props;
  flags?: string[];
  layer_data?: LayerData[];
  uuid?: string;
  resource_group_name?: string;
  volume_definitions?: VolumeDefinition[];
}

export interface ResourceDefinitionCreate {
  resource_definition: {
    name: string;
    external_name?: string;
    props?: Props;
    resource_group_name?: string;
    /** The layer stack: [{type:"DRBD"},{type:"STORAGE"}] (not `layer_stack`, which the server rejects here). */
    layer_data?: { type: string }[];
  };
  drbd_port?: number;
  drbd_secret?: string;
  drbd_peer_slots?: number;
  drbd_transport_type?: string;
}

export interface ResourceDefinitionModify extends PropsModify {
  drbd_port?: number;
  drbd_peer_slots?: number;
  layer_stack?: string[];
  resource_group?: string;
}

export interface VolumeDefinitionCreate {
  volume_definition: { size_kib: number; volume_number?: number; props?: Props; flags?: string[] };
  drbd_minor_number?: number;
  passphrase?: string;
}

export interface VolumeDefinitionModify extends PropsModify {
  size_kib?: number;
  flags?: string[];
}

export interface SyncStatus {
  synced_on_all: boolean;
}

// ---- resources ----------------------------------------------------------------------------------

export interface VolumeState {
  disk_state?: string;
  replication_states?: Record<string, { replication_state?: string; done_percentage?: number }>;
}

export interface Volume {
  volume_number: number;
  storage_pool_name?: string;
  provider_kind?: string;
  device_path?: string;
  allocated_size_kib?: number;
  props?: Props;
  flags?: string[];
  state?: VolumeState;
  layer_data_list?: { type: string; data?: Record<string, unknown> }[];
  uuid?: string;
}

export interface DrbdResourceLayer {
  node_id?: number;
  tcp_ports?: number[];
  flags?: string[];
  connections?: Record<string, { connected?: boolean; message?: string }>;
  drbd_volumes?: {
    drbd_volume_definition?: { volume_number?: number; minor_number?: number };
    device_path?: string;
    backing_device?: string;
    allocated_size_kib?: number;
    usable_size_kib?: number;
    disk_state?: string;
  }[];
}

export interface LayerObject {
  type: string;
  resource_name_suffix?: string;
  children?: LayerObject[];
  drbd?: DrbdResourceLayer;
  storage?: {
    storage_volumes?: { volume_number?: number; device_path?: string; allocated_size_kib?: number; usable_size_kib?: number; disk_state?: string }[];
  };
}

export interface Resource {
  name: string;
  node_name: string;
  props?: Props;
  flags?: string[];
  layer_object?: LayerObject;
  state?: { in_use?: boolean };
  uuid?: string;
  create_timestamp?: number;
  /** Only in /v1/view/resources. */
  volumes?: Volume[];
}

export interface ResourceCreate {
  resource: { node_name: string; props?: Props; flags?: string[] };
  layer_list?: string[];
  drbd_node_id?: number;
  drbd_tcp_ports?: number[];
  drbd_client?: boolean;
}

export interface AutoPlaceRequest {
  diskless_on_remaining?: boolean;
  /** Put layers here: the REST layer overwrites select_filter.layer_stack with this field. */
  layer_list?: string[];
  select_filter: AutoSelectFilter;
}

export interface ResourceModify extends PropsModify {
  drbd_tiebreaker?: boolean;
  drbd_client?: boolean;
}

export interface ToggleDiskRequest {
  operation?: "INTO_DRBD_DISKFUL" | "INTO_DRBD_DISKLESS" | "INTO_DRBD_CLIENT";
  storage_pool?: string;
  migrate_from?: string;
  layer_list?: string[];
}

// ---- snapshots ----------------------------------------------------------------------------------

export interface Snapshot {
  name: string;
  resource_name: string;
  nodes?: string[];
  flags?: string[];
  props?: Props;
  snapshot_definition_props?: Props;
  resource_definition_props?: Props;
  volume_definitions?: { volume_number: number; size_kib: number }[];
  snapshots?: { snapshot_name?: string; node_name: string; create_timestamp?: number; flags?: string[] }[];
  uuid?: string;
}

export interface SnapshotCreate {
  name: string;
  nodes?: string[];
  snapshot_definition_props?: Props;
}

export interface SnapshotRestore {
  to_resource: string;
  nodes?: string[];
  stor_pool_rename?: Record<string, string>;
}

// ---- list filters -------------------------------------------------------------------------------

export interface ListOptions {
  limit?: number;
  offset?: number;
  /** Property filters: `key` or `key=value`, all must match. */
  props?: string[];
}
