// Generated from the field lists of LINBIT/linstor-server docs/rest_v1_openapi.yaml (request
// bodies and what they embed). The controller's Jackson mapper rejects any other field.
// Types: string | integer | number | boolean | map | any | ref:<Schema> | array:<type>.
export const BODY_SCHEMAS: Record<string, Record<string, string>> = {
 "ApiCallRc": {
  "cause": "string",
  "correction": "string",
  "created_at": "string",
  "details": "string",
  "error_report_ids": "array:string",
  "message": "string",
  "obj_refs": "map",
  "ret_code": "integer"
 },
 "AutoPlaceRequest": {
  "copy_all_snaps": "boolean",
  "diskless_on_remaining": "boolean",
  "layer_list": "array:ref:LayerType",
  "select_filter": "ref:AutoSelectFilter",
  "snap_names": "array:string"
 },
 "AutoSelectFilter": {
  "additional_place_count": "integer",
  "diskless_on_remaining": "boolean",
  "diskless_type": "string",
  "layer_stack": "array:string",
  "node_name_list": "array:string",
  "not_place_with_rsc": "array:string",
  "not_place_with_rsc_regex": "string",
  "overprovision": "number",
  "place_count": "integer",
  "port_count": "integer",
  "provider_list": "array:string",
  "replicas_on_different": "array:string",
  "replicas_on_same": "array:string",
  "storage_pool": "string",
  "storage_pool_diskless_list": "array:string",
  "storage_pool_list": "array:string",
  "x_replicas_on_different_map": "map"
 },
 "BCacheResource": {
  "bcache_volumes": "array:ref:BCacheVolume"
 },
 "BCacheVolume": {
  "allocated_size_kib": "integer",
  "device_path": "string",
  "device_path_cache": "string",
  "disk_state": "string",
  "usable_size_kib": "integer",
  "volume_number": "integer"
 },
 "CacheResource": {
  "cache_volumes": "array:ref:CacheVolume"
 },
 "CacheVolume": {
  "allocated_size_kib": "integer",
  "device_meta_cache": "string",
  "device_path": "string",
  "device_path_cache": "string",
  "disk_state": "string",
  "usable_size_kib": "integer",
  "volume_number": "integer"
 },
 "ControllerPropsModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "override_props": "ref:Properties"
 },
 "CreateMultiSnapshotRequest": {
  "snapshots": "array:ref:Snapshot"
 },
 "DrbdResource": {
  "al_size": "integer",
  "al_stripes": "integer",
  "connections": "map",
  "drbd_resource_definition": "ref:DrbdResourceDefinitionLayer",
  "drbd_volumes": "array:ref:DrbdVolume",
  "flags": "array:string",
  "may_promote": "boolean",
  "node_id": "integer",
  "peer_slots": "integer",
  "promotion_score": "integer",
  "tcp_ports": "array:integer"
 },
 "DrbdResourceDefinitionLayer": {
  "al_stripe_size_kib": "integer",
  "al_stripes": "integer",
  "down": "boolean",
  "peer_slots": "integer",
  "port": "integer",
  "resource_name_suffix": "string",
  "secret": "string",
  "transport_type": "string"
 },
 "DrbdVolume": {
  "allocated_size_kib": "integer",
  "backing_device": "string",
  "device_path": "string",
  "disk_state": "string",
  "drbd_volume_definition": "ref:DrbdVolumeDefinition",
  "ext_meta_stor_pool": "string",
  "meta_disk": "string",
  "usable_size_kib": "integer"
 },
 "DrbdVolumeDefinition": {
  "minor_number": "integer",
  "resource_name_suffix": "string",
  "volume_number": "integer"
 },
 "EffectivePropertiesMap": {
  "__type": "map"
 },
 "ExternalName": {
  "__type": "string"
 },
 "LUKSResource": {
  "luks_volumes": "array:ref:LUKSVolume"
 },
 "LUKSVolume": {
  "allocated_size_kib": "integer",
  "backing_device": "string",
  "corrupted_key": "boolean",
  "device_path": "string",
  "disk_state": "string",
  "opened": "boolean",
  "usable_size_kib": "integer",
  "volume_number": "integer"
 },
 "LayerType": {
  "__type": "string"
 },
 "NVMEResource": {
  "nvme_volumes": "array:ref:NVMEVolume"
 },
 "NVMEVolume": {
  "allocated_size_kib": "integer",
  "backing_device": "string",
  "device_path": "string",
  "disk_state": "string",
  "usable_size_kib": "integer",
  "volume_number": "integer"
 },
 "NetInterface": {
  "address": "string",
  "is_active": "boolean",
  "name": "string",
  "satellite_encryption_type": "string",
  "satellite_port": "integer",
  "uuid": "string"
 },
 "Node": {
  "connection_status": "string",
  "eviction_timestamp": "integer",
  "flags": "array:string",
  "name": "string",
  "net_interfaces": "array:ref:NetInterface",
  "os_variant": "string",
  "platform": "string",
  "props": "ref:Properties",
  "resource_layers": "array:ref:LayerType",
  "storage_providers": "array:ref:ProviderKind",
  "type": "string",
  "unsupported_layers": "map",
  "unsupported_providers": "map",
  "uuid": "string"
 },
 "NodeEvacuate": {
  "do_not_target": "array:string",
  "target": "array:string"
 },
 "NodeModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "node_type": "string",
  "override_props": "ref:Properties"
 },
 "NodeRestore": {
  "delete_resources": "boolean",
  "delete_snapshots": "boolean"
 },
 "Properties": {
  "__type": "map"
 },
 "ProviderKind": {
  "__type": "string"
 },
 "Resource": {
  "create_timestamp": "integer",
  "effective_props": "ref:EffectivePropertiesMap",
  "flags": "array:string",
  "layer_object": "ref:ResourceLayer",
  "name": "string",
  "node_name": "string",
  "props": "ref:Properties",
  "state": "ref:ResourceState",
  "uuid": "string"
 },
 "ResourceCreate": {
  "copy_all_snaps": "boolean",
  "drbd_client": "boolean",
  "drbd_node_id": "integer",
  "drbd_tcp_port_count": "integer",
  "drbd_tcp_ports": "array:integer",
  "layer_list": "array:ref:LayerType",
  "resource": "ref:Resource",
  "snap_names": "array:string"
 },
 "ResourceDefinition": {
  "external_name": "ref:ExternalName",
  "flags": "array:string",
  "layer_data": "array:ref:ResourceDefinitionLayer",
  "name": "string",
  "props": "ref:Properties",
  "resource_group_name": "string",
  "uuid": "string",
  "volume_definitions": "array:ref:VolumeDefinition"
 },
 "ResourceDefinitionCreate": {
  "drbd_peer_slots": "integer",
  "drbd_port": "integer",
  "drbd_secret": "string",
  "drbd_transport_type": "string",
  "resource_definition": "ref:ResourceDefinition"
 },
 "ResourceDefinitionLayer": {
  "data": "any",
  "type": "ref:LayerType"
 },
 "ResourceDefinitionModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "drbd_peer_slots": "integer",
  "drbd_port": "integer",
  "layer_stack": "array:ref:LayerType",
  "override_props": "ref:Properties",
  "resource_group": "string"
 },
 "ResourceGroup": {
  "description": "string",
  "name": "string",
  "peer_slots": "integer",
  "props": "ref:Properties",
  "select_filter": "ref:AutoSelectFilter",
  "uuid": "string"
 },
 "ResourceGroupAdjust": {
  "copy_all_snaps": "boolean",
  "select_filter": "ref:AutoSelectFilter",
  "snap_names": "array:string"
 },
 "ResourceGroupModify": {
  "copy_all_snaps": "boolean",
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "description": "string",
  "override_props": "ref:Properties",
  "peer_slots": "integer",
  "select_filter": "ref:AutoSelectFilter",
  "snap_names": "array:string"
 },
 "ResourceGroupSpawn": {
  "definitions_only": "boolean",
  "partial": "boolean",
  "peer_slots": "integer",
  "resource_definition_external_name": "ref:ExternalName",
  "resource_definition_name": "string",
  "resource_definition_props": "ref:Properties",
  "select_filter": "ref:AutoSelectFilter",
  "volume_passphrases": "array:string",
  "volume_sizes": "array:integer"
 },
 "ResourceLayer": {
  "bcache": "ref:BCacheResource",
  "cache": "ref:CacheResource",
  "children": "array:ref:ResourceLayer",
  "drbd": "ref:DrbdResource",
  "luks": "ref:LUKSResource",
  "nvme": "ref:NVMEResource",
  "resource_name_suffix": "string",
  "storage": "ref:StorageResource",
  "type": "ref:LayerType",
  "writecache": "ref:WritecacheResource"
 },
 "ResourceMakeAvailable": {
  "copy_all_snaps": "boolean",
  "diskful": "boolean",
  "drbd_tcp_ports": "array:integer",
  "layer_list": "array:ref:LayerType",
  "snap_names": "array:string"
 },
 "ResourceModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "drbd_client": "boolean",
  "drbd_tiebreaker": "boolean",
  "override_props": "ref:Properties"
 },
 "ResourceState": {
  "in_use": "boolean"
 },
 "Snapshot": {
  "flags": "array:string",
  "name": "string",
  "nodes": "array:string",
  "props": "ref:Properties",
  "resource_definition_props": "ref:Properties",
  "resource_name": "string",
  "snapshot_definition_props": "ref:Properties",
  "snapshots": "array:ref:SnapshotNode",
  "uuid": "string",
  "volume_definitions": "array:ref:SnapshotVolumeDefinition"
 },
 "SnapshotModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "override_props": "ref:Properties"
 },
 "SnapshotNode": {
  "create_timestamp": "integer",
  "flags": "array:string",
  "node_name": "string",
  "resource_props": "ref:Properties",
  "snapshot_name": "string",
  "snapshot_props": "ref:Properties",
  "snapshot_volumes": "array:ref:SnapshotVolumeNode",
  "uuid": "string"
 },
 "SnapshotRestore": {
  "nodes": "array:string",
  "stor_pool_rename": "map",
  "to_resource": "string"
 },
 "SnapshotRollback": {
  "zfs_rollback_strategy": "string"
 },
 "SnapshotVolumeDefinition": {
  "size_kib": "integer",
  "snapshot_volume_definition_props": "ref:Properties",
  "volume_definition_props": "ref:Properties",
  "volume_number": "integer"
 },
 "SnapshotVolumeNode": {
  "props": "ref:Properties",
  "snapshot_volume_props": "ref:Properties",
  "state": "string",
  "uuid": "string",
  "vlm_nr": "integer",
  "volume_props": "ref:Properties"
 },
 "StoragePool": {
  "external_locking": "boolean",
  "free_capacity": "integer",
  "free_space_mgr_name": "string",
  "node_name": "string",
  "props": "ref:Properties",
  "provider_kind": "ref:ProviderKind",
  "reports": "array:ref:ApiCallRc",
  "shared_space": "string",
  "static_traits": "map",
  "storage_pool_name": "string",
  "supports_snapshots": "boolean",
  "total_capacity": "integer",
  "uuid": "string"
 },
 "StoragePoolDefinition": {
  "props": "ref:Properties",
  "storage_pool_name": "string"
 },
 "StoragePoolDefinitionModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "override_props": "ref:Properties"
 },
 "StorageResource": {
  "storage_volumes": "array:ref:StorageVolume"
 },
 "StorageVolume": {
  "allocated_size_kib": "integer",
  "device_path": "string",
  "disk_state": "string",
  "usable_size_kib": "integer",
  "volume_number": "integer"
 },
 "ToggleDiskDiskful": {
  "layer_list": "array:ref:LayerType"
 },
 "ToggleDiskRequest": {
  "layer_list": "array:ref:LayerType",
  "migrate_from": "string",
  "operation": "string",
  "storage_pool": "string"
 },
 "VolumeDefinition": {
  "flags": "array:string",
  "layer_data": "array:ref:VolumeDefinitionLayer",
  "props": "ref:Properties",
  "size_kib": "integer",
  "uuid": "string",
  "volume_number": "integer"
 },
 "VolumeDefinitionCreate": {
  "drbd_minor_number": "integer",
  "passphrase": "string",
  "volume_definition": "ref:VolumeDefinition"
 },
 "VolumeDefinitionLayer": {
  "data": "any",
  "type": "ref:LayerType"
 },
 "VolumeDefinitionModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "flags": "array:string",
  "override_props": "ref:Properties",
  "size_kib": "integer"
 },
 "VolumeGroup": {
  "flags": "array:string",
  "props": "ref:Properties",
  "uuid": "string",
  "volume_number": "integer"
 },
 "VolumeGroupModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "flags": "array:string",
  "override_props": "ref:Properties"
 },
 "VolumeModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "override_props": "ref:Properties"
 },
 "WritecacheResource": {
  "writecache_volumes": "array:ref:WritecacheVolume"
 },
 "WritecacheVolume": {
  "allocated_size_kib": "integer",
  "device_path": "string",
  "device_path_cache": "string",
  "disk_state": "string",
  "usable_size_kib": "integer",
  "volume_number": "integer"
 },
 // added by hand for the endpoints below (field lists from the same OpenAPI document)
 "GenericPropsModify": {
  "delete_namespaces": "array:string",
  "delete_props": "array:string",
  "override_props": "ref:Properties"
 },
 "ResourceDefinitionCloneRequest": {
  "external_name": "ref:ExternalName",
  "layer_list": "array:ref:LayerType",
  "name": "string",
  "resource_group": "string",
  "use_zfs_clone": "boolean",
  "volume_passphrases": "array:string"
 }
};
