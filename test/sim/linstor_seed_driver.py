"""Runs the seed walkthrough against a controller through python-linstor, the library the
`linstor` CLI is built on, issuing the calls the CLI issues for each command. Prints one JSON
line per step: the command, the ApiCallRc entries the library parsed (ret_code as exact digits)
and, for list commands, the table rows the CLI would print, read through the library's own
response classes (which index the fields the CLI needs and fail when one is missing)."""
import json
import sys

import linstor
import linstor.sharedconsts as apiconsts

URL = sys.argv[1]


def rc_list(replies):
    out = []
    for r in replies:
        if isinstance(r, linstor.ApiCallResponse):
            out.append({"ret_code": str(r.ret_code), "message": r.message, "error": r.is_error(),
                        "warning": r.is_warning() and not r.is_error(), "info": r.is_info() and not r.is_warning()})
    return out


def emit(cmd, replies=None, rows=None, exit_code=None):
    rcs = rc_list(replies or [])
    if exit_code is None:
        exit_code = 10 if any(x["error"] for x in rcs) else 0
    print(json.dumps({"cmd": cmd, "exit": exit_code, "rc": rcs, "rows": rows}), flush=True)


def rsc_state(rsc, vlm):
    # the CLI's State column rules (linstor_client/commands/rsc_cmds.py)
    flags = rsc.flags
    if apiconsts.FLAG_DELETE in flags:
        return "DELETING"
    st = vlm.state.disk_state if vlm.state else None
    if st is None:
        return "Unknown"
    if st == "Diskless" and apiconsts.FLAG_TIE_BREAKER in flags:
        return "TieBreaker"
    if st == "DUnknown":
        return "Unknown"
    return st


def resource_rows(lin):
    resp = lin.resource_list()[0]
    usage = {(s.name, s.node_name): s.in_use for s in resp.resource_states}
    rows = []
    for rsc in resp.resources:
        drbd = rsc.layer_data.drbd_resource if rsc.layer_data and rsc.layer_data.drbd_resource else None
        port = ",".join(str(p) for p in drbd.tcp_ports) if drbd and drbd.tcp_ports else ""
        in_use = usage.get((rsc.name, rsc.node_name))
        conns = drbd.connections if drbd else {}
        bad = [n for n, c in conns.items() if not c.connected]
        rows.append({
            "ResourceName": rsc.name, "Node": rsc.node_name, "Port": port,
            "Usage": "InUse" if in_use else ("Unused" if in_use is not None else "Unknown"),
            "Conns": "Ok" if not bad else "Connecting(" + ",".join(bad) + ")",
            "State": ", ".join(rsc_state(rsc, v) for v in rsc.volumes) or "Created",
            "Flags": list(rsc.flags),
        })
    json.dumps(resp.data_v0)  # the v0 machine output reads every field
    return rows


def volume_rows(lin):
    resp = lin.volume_list()[0]
    rows = []
    for rsc in resp.resources:
        for v in rsc.volumes:
            drbd = v.drbd_data
            rows.append({
                "Node": rsc.node_name, "Resource": rsc.name, "StoragePool": v.storage_pool_name,
                "VolNr": v.number, "MinorNr": drbd.drbd_volume_definition.minor if drbd else None,
                "DeviceName": v.device_path, "Allocated": v.allocated_size, "State": rsc_state(rsc, v),
                "Provider": v.storage_pool_driver_name,
            })
    return rows


def snapshot_rows(lin):
    resp = lin.snapshot_dfn_list()[0]
    json.dumps(resp.data_v0)
    return [{"ResourceName": s.rsc_name, "SnapshotName": s.snapshot_name, "NodeNames": list(s.nodes),
             "Volumes": [f"{v.number}: {v.size} KiB" for v in s.snapshot_volume_definitions], "State": "Successful" if "SUCCESSFUL" in s.flags else "Incomplete"}
            for s in resp.snapshots]


def main():
    with linstor.Linstor(URL) as lin:
        emit("controller version", rows=[{"version": lin.controller_version().version,
                                          "rest_api_version": lin.controller_version().rest_api_version}])
        nodes = lin.node_list()[0]
        emit("node list", rows=[{"Node": n.name, "NodeType": n.type, "Addresses": [f"{i.address}:{i.stlt_port} ({i.stlt_encryption_type})" for i in n.net_interfaces], "State": n.connection_status} for n in nodes.nodes])
        pools = lin.storage_pool_list()[0]
        emit("storage-pool list", rows=[{"StoragePool": p.name, "Node": p.node_name, "Driver": p.provider_kind, "PoolName": p.properties.get("StorDriver/StorPoolName", ""), "FreeCapacity": str(p.free_space.free_capacity) if p.free_space else None, "TotalCapacity": str(p.free_space.total_capacity) if p.free_space else None, "SupportsSnapshots": p.supports_snapshots(), "SharedName": p.free_space_mgr_name} for p in pools.storage_pools])

        emit("resource-definition create LocalData", lin.resource_dfn_create("LocalData"))
        emit("volume-definition create LocalData 150m", lin.volume_dfn_create("LocalData", 153600))
        emit("resource create vulcan kronos LocalData --storage-pool thinpool",
             lin.resource_create([linstor.ResourceData("vulcan", "LocalData", storage_pool="thinpool"),
                                  linstor.ResourceData("kronos", "LocalData", storage_pool="thinpool")]))
        emit("resource-definition create SharedData", lin.resource_dfn_create("SharedData"))
        emit("volume-definition create SharedData 150m", lin.volume_dfn_create("SharedData", 153600))
        emit("resource create SharedData --auto-place 3 --storage-pool thinpool",
             lin.resource_auto_place("SharedData", 3, storage_pool=["thinpool"]))
        emit("resource-definition create LocalData (again)", lin.resource_dfn_create("LocalData"))
        emit("resource list", rows=resource_rows(lin))
        emit("volume list", rows=volume_rows(lin))
        emit("resource-definition list", rows=[{"ResourceName": d.name, "ResourceGroup": d.resource_group_name, "Port": None, "Layers": [x.type for x in d.layer_data]} for d in lin.resource_dfn_list()[0].resource_definitions])

        emit("snapshot create romulus remus SharedData Snap1", lin.snapshot_create(["romulus", "remus"], "SharedData", "Snap1"))
        emit("snapshot list", rows=snapshot_rows(lin))
        emit("resource-definition create SharedRestored", lin.resource_dfn_create("SharedRestored"))
        emit("snapshot volume-definition restore --from-resource SharedData --from-snapshot Snap1 --to-resource SharedRestored",
             lin.snapshot_volume_definition_restore("SharedData", "Snap1", "SharedRestored"))
        emit("snapshot resource restore --from-resource SharedData --from-snapshot Snap1 --to-resource SharedRestored",
             lin.snapshot_resource_restore([], "SharedData", "Snap1", "SharedRestored"))
        emit("snapshot rollback SharedData Snap1 (kronos holds no snapshot)", lin.snapshot_rollback("SharedData", "Snap1"))
        emit("resource delete kronos SharedData", lin.resource_delete("kronos", "SharedData"))
        emit("resource list -r SharedData", rows=[r for r in resource_rows(lin) if r["ResourceName"] == "SharedData"])
        emit("snapshot rollback SharedData Snap1", lin.snapshot_rollback("SharedData", "Snap1"))
        emit("resource-definition delete SharedData (has snapshots)", lin.resource_dfn_delete("SharedData"))
        emit("snapshot delete SharedData Snap1", lin.snapshot_delete("SharedData", "Snap1"))
        emit("resource delete vulcan kronos LocalData",
             lin.resource_delete("vulcan", "LocalData") + lin.resource_delete("kronos", "LocalData"))
        emit("resource-definition delete SharedData", lin.resource_dfn_delete("SharedData"))
        emit("resource-definition delete Missing", lin.resource_dfn_delete("Missing"))
        emit("resource list (end)", rows=resource_rows(lin))


if __name__ == "__main__":
    main()
