// Endpoint families of the simulator over real HTTP: shapes, statuses, filters, paging, names,
// strict bodies, gzip, the simulator-only request counter.
import { strict as assert } from "node:assert";
import * as zlib from "node:zlib";
import * as http from "node:http";
import { useSimulator } from "../../harness/sim";
import { call, retCodes } from "./helpers";

describe("linstor-sim REST API v1 endpoint families", function () {
  const sim = useSimulator({ seedCluster: true, balance: false, satelliteDelayMs: 2 });
  let U: string;
  before(() => {
    U = sim().url;
  });

  it("controller: version handshake, properties POST 201 / DELETE with a slash in the key, /health", async () => {
    const v = await call(U, "GET", "/v1/controller/version");
    assert.equal(v.status, 200);
    assert.equal(v.headers["content-type"], "application/json");
    assert.equal(v.json.rest_api_version, "1.28.0");
    const props = await call(U, "GET", "/v1/controller/properties");
    assert.equal(props.json["DrbdOptions/auto-add-quorum-tiebreaker"], "True");
    const set = await call(U, "POST", "/v1/controller/properties", { override_props: { "DrbdOptions/Net/protocol": "C" } });
    assert.equal(set.status, 201);
    assert.equal((await call(U, "GET", "/v1/controller/properties")).json["DrbdOptions/Net/protocol"], "C");
    const del = await call(U, "DELETE", "/v1/controller/properties/DrbdOptions/Net/protocol");
    assert.equal(del.status, 200);
    assert.equal((await call(U, "GET", "/v1/controller/properties")).json["DrbdOptions/Net/protocol"], undefined);
    const h = await call(U, "GET", "/health");
    assert.equal(h.status, 200);
    assert.equal(h.text, "");
  });

  it("nodes: create 201 with the DfltDisklessStorPool, case-insensitive get keeps the spelling, filters, modify, delete", async () => {
    const c = await call(U, "POST", "/v1/nodes", { name: "Saturn", type: "satellite", net_interfaces: [{ name: "default", address: "10.0.0.9", satellite_port: 3366, satellite_encryption_type: "Plain", is_active: true }] });
    assert.equal(c.status, 201);
    assert.deepEqual(retCodes(c.text).slice(0, 1), ["20709377"]);
    const g = await call(U, "GET", "/v1/nodes/SATURN");
    assert.equal(g.json.name, "Saturn");
    assert.equal(g.json.type, "SATELLITE");
    assert.equal(g.json.connection_status, "ONLINE");
    assert.equal(g.json.flags, undefined, "empty flags are omitted");
    const pools = await call(U, "GET", "/v1/nodes/saturn/storage-pools");
    assert.deepEqual(pools.json.map((p: { storage_pool_name: string }) => p.storage_pool_name), ["DfltDisklessStorPool"]);
    const f = await call(U, "GET", "/v1/nodes?nodes=saturn&nodes=VULCAN");
    assert.deepEqual(f.json.map((n: { name: string }) => n.name), ["Saturn", "vulcan"]);
    assert.deepEqual((await call(U, "GET", "/v1/nodes?nodes=nope")).json, []);
    const m = await call(U, "PUT", "/v1/nodes/saturn", { override_props: { "Aux/site": "a" } });
    assert.equal(m.status, 200);
    assert.deepEqual((await call(U, "GET", "/v1/nodes?props=Aux/site=a")).json.map((n: { name: string }) => n.name), ["Saturn"]);
    const paged = await call(U, "GET", "/v1/nodes?limit=2&offset=1");
    assert.deepEqual(paged.json.map((n: { name: string }) => n.name), ["remus", "romulus"]);
    assert.equal((await call(U, "GET", "/v1/nodes?limit=0&offset=3")).json.length, 5, "offset is ignored without limit");
    const d = await call(U, "DELETE", "/v1/nodes/saturn");
    assert.equal(d.status, 200);
    const gone = await call(U, "GET", "/v1/nodes/saturn");
    assert.equal(gone.status, 404);
    assert.equal(gone.json[0].message, "Node 'saturn' not found.");
    const again = await call(U, "DELETE", "/v1/nodes/saturn");
    assert.equal(again.status, 200);
    assert.match(again.json[0].message, /had no effect/);
  });

  it("storage pools: legacy LvmVg+ThinPool props are rewritten, capacities in KiB, DISKLESS reports Long.MAX_VALUE exactly", async () => {
    const c = await call(U, "POST", "/v1/nodes/vulcan/storage-pools", { storage_pool_name: "legacy", provider_kind: "LVM_THIN", props: { "StorDriver/LvmVg": "vg1", "StorDriver/ThinPool": "tp" } });
    assert.equal(c.status, 201);
    const p = await call(U, "GET", "/v1/nodes/vulcan/storage-pools/LEGACY");
    // the satellite reports the VG extent size as the pool's allocation granularity
    assert.deepEqual(p.json.props, { "StorDriver/StorPoolName": "vg1/tp", "StorDriver/internal/AllocationGranularity": "4096" });
    assert.equal(p.json.static_traits.Provisioning, "Thin");
    assert.equal(p.json.free_space_mgr_name, "vulcan;legacy");
    assert.equal(p.json.supports_snapshots, true);
    const view = await call(U, "GET", "/v1/view/storage-pools?nodes=vulcan&storage_pools=dfltdisklessstorpool");
    assert.equal(view.json.length, 1);
    assert.match(view.text, /"free_capacity":9223372036854775807,"total_capacity":9223372036854775807/);
    const thick = await call(U, "POST", "/v1/nodes/kronos/storage-pools", { storage_pool_name: "thick", provider_kind: "LVM", props: { "StorDriver/StorPoolName": "vg0" } });
    assert.equal(thick.status, 201);
    const t = await call(U, "GET", "/v1/nodes/kronos/storage-pools/thick");
    assert.equal(t.json.supports_snapshots, false);
    assert.equal(t.json.static_traits.Provisioning, "Fat");
    assert.equal((await call(U, "DELETE", "/v1/nodes/vulcan/storage-pools/legacy")).status, 200);
    assert.equal((await call(U, "GET", "/v1/nodes/vulcan/storage-pools/legacy")).status, 404);
  });

  it("resource groups: DfltRscGrp with place_count 2, create, modify, spawn with auto-place", async () => {
    const dflt = await call(U, "GET", "/v1/resource-groups/DfltRscGrp");
    assert.equal(dflt.json.select_filter.place_count, 2);
    assert.equal((await call(U, "POST", "/v1/resource-groups", { name: "rg3", select_filter: { place_count: 3, storage_pool: "thinpool" } })).status, 201);
    const rg = await call(U, "GET", "/v1/resource-groups/rg3");
    assert.deepEqual(rg.json.select_filter, { place_count: 3, storage_pool: "thinpool", storage_pool_list: ["thinpool"] });
    assert.equal((await call(U, "PUT", "/v1/resource-groups/rg3", { description: "three" })).status, 200);
    const sp = await call(U, "POST", "/v1/resource-groups/rg3/spawn", { resource_definition_name: "spawned", volume_sizes: [10240] });
    assert.equal(sp.status, 201, sp.text);
    const rs = await call(U, "GET", "/v1/view/resources?resources=spawned");
    assert.equal(rs.json.length, 3);
    const only = await call(U, "POST", "/v1/resource-groups/rg3/spawn", { resource_definition_name: "spawned2", volume_sizes: [10240], definitions_only: true });
    assert.equal(only.status, 201);
    assert.match(only.text, /created but no resources deployed/);
    const del = await call(U, "DELETE", "/v1/resource-groups/rg3");
    assert.equal(del.status, 500, "a group with definitions cannot go");
  });

  it("resource definitions and volume definitions: layer_data, port -1, minors from 1000, resize grows", async () => {
    const c = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "Rdx", layer_data: [{ type: "drbd" }, { type: "storage" }], props: { "Aux/x": "1" } } });
    assert.equal(c.status, 201);
    assert.deepEqual(retCodes(c.text)[0], "20447233");
    const rd = await call(U, "GET", "/v1/resource-definitions/rdx");
    assert.equal(rd.json.name, "Rdx");
    assert.equal(rd.json.resource_group_name, "DfltRscGrp");
    assert.equal(rd.json.layer_data[0].type, "DRBD");
    assert.equal(rd.json.layer_data[0].data.port, -1);
    const vd = await call(U, "POST", "/v1/resource-definitions/rdx/volume-definitions", { volume_definition: { size_kib: 20480 } });
    assert.equal(vd.status, 200, "VD create answers 200, not 201");
    const vds = await call(U, "GET", "/v1/resource-definitions/rdx/volume-definitions");
    assert.equal(vds.json[0].volume_number, 0);
    assert.ok(vds.json[0].layer_data[0].data.minor_number >= 1000);
    const withVds = await call(U, "GET", "/v1/resource-definitions?resource_definitions=RDX&with_volume_definitions=true");
    assert.equal(withVds.json[0].volume_definitions[0].size_kib, 20480);
    const grow = await call(U, "PUT", "/v1/resource-definitions/rdx/volume-definitions/0", { size_kib: 40960 });
    assert.equal(grow.status, 200);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/rdx/volume-definitions/0")).json.size_kib, 40960);
    const mod = await call(U, "PUT", "/v1/resource-definitions/rdx", { override_props: { "Aux/y": "2" }, delete_props: ["Aux/x"] });
    // set, deleted (no warning for the missing key), modified; no satellite holds rdx
    assert.deepEqual(retCodes(mod.text), ["20447233", "54001666", "37224451"]);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/rdx")).json.props, { "Aux/y": "2" });
    const del = await call(U, "DELETE", "/v1/resource-definitions/rdx");
    assert.deepEqual(retCodes(del.text).slice(-1), ["54001666"]);
  });

  it("resources: explicit create on nodes, view filters, ports from 7000, node-ids from 0, backing devices, duplicate create is INFO 201", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "res1" } });
    await call(U, "POST", "/v1/resource-definitions/res1/volume-definitions", { volume_definition: { size_kib: 10240 } });
    const c = await call(U, "POST", "/v1/resource-definitions/res1/resources", [
      { resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } },
      { resource: { node_name: "kronos", props: { StorPoolName: "thinpool" } } },
    ]);
    assert.equal(c.status, 201, c.text);
    const v = await call(U, "GET", "/v1/view/resources?resources=res1&nodes=vulcan");
    assert.equal(v.json.length, 1);
    const r = v.json[0];
    assert.equal(r.layer_object.type, "DRBD");
    assert.ok(r.layer_object.drbd.tcp_ports[0] >= 7000);
    assert.equal(r.layer_object.drbd.node_id, 0);
    assert.equal(r.layer_object.children[0].storage.storage_volumes[0].device_path, "/dev/drbdpool/res1_00000");
    assert.equal(r.volumes[0].state.disk_state, "UpToDate");
    // 10 MiB + DRBD metadata rounded up to the 4 MiB extent: a 12 MiB LV, 12248 KiB usable on DRBD
    assert.equal(r.volumes[0].layer_data_list[0].data.usable_size_kib, 12248);
    assert.equal(r.volumes[0].layer_data_list[1].data.usable_size_kib, 12288);
    assert.equal(r.state.in_use, false);
    const list = await call(U, "GET", "/v1/resource-definitions/res1/resources");
    assert.deepEqual(list.json.map((x: { node_name: string }) => x.node_name), ["kronos", "remus", "vulcan"], "tie-breaker added on remus");
    assert.equal(list.json[0].volumes, undefined, "only the view carries volumes");
    const dup = await call(U, "POST", "/v1/resource-definitions/res1/resources/vulcan", { resource: { props: { StorPoolName: "thinpool" } } });
    assert.equal(dup.status, 201);
    assert.equal(dup.json[0].message, "A resource 'res1' on node 'vulcan' already exists.");
    const byPool = await call(U, "GET", "/v1/view/resources?resources=res1&storage_pools=DfltDisklessStorPool");
    assert.deepEqual(byPool.json.map((x: { node_name: string }) => x.node_name), ["remus"]);
    const one = await call(U, "GET", "/v1/resource-definitions/res1/resources/REMUS");
    assert.deepEqual(one.json.flags, ["DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"]);
    const ss = await call(U, "GET", "/v1/resource-definitions/res1/sync-status");
    assert.deepEqual(ss.json, { synced_on_all: true });
  });

  it("strict bodies: an unknown field is 400 API_CALL_PARSE_ERROR with the exact digits; bad JSON too", async () => {
    const r = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "x1", layer_stack: ["DRBD"] } });
    assert.equal(r.status, 400);
    assert.deepEqual(retCodes(r.text), ["-3458764513820540931"]);
    assert.equal(r.json[0].message, "Unable to parse input json.");
    assert.match(r.json[0].details, /Unrecognized field "layer_stack"/);
    const bad = await call(U, "POST", "/v1/nodes", "{not json");
    assert.equal(bad.status, 400);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/x1")).status, 404, "nothing was created");
  });

  it("a wrong path gets a JSON 404, a wrong method 405 (LinstorMapper)", async () => {
    const r = await call(U, "GET", "/v1/no-such-thing");
    assert.equal(r.status, 404);
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.json[0].message, "Path '/v1/no-such-thing' not found on server.");
    const m = await call(U, "PATCH", "/v1/nodes");
    assert.equal(m.status, 405);
    assert.equal(m.json[0].message, "Method 'PATCH' not allowed on path '/v1/nodes'.");
  });

  it("gzip: JSON bodies of 1000 bytes or more are compressed for clients that accept gzip", async () => {
    const res = await new Promise<http.IncomingMessage & { body: Buffer }>((resolve, reject) => {
      http
        .get(new URL("/v1/nodes", U), { headers: { "Accept-Encoding": "gzip" }, agent: false }, (m) => {
          const chunks: Buffer[] = [];
          m.on("data", (d: Buffer) => chunks.push(d));
          m.on("end", () => resolve(Object.assign(m, { body: Buffer.concat(chunks) })));
        })
        .on("error", reject);
    });
    assert.equal(res.headers["content-encoding"], "gzip");
    assert.equal(JSON.parse(zlib.gunzipSync(res.body).toString("utf8")).length >= 4, true);
    const small = await call(U, "GET", "/v1/controller/version", undefined, { "Accept-Encoding": "gzip" });
    assert.equal(small.headers["content-encoding"], undefined);
  });

  it("/sim/requests counts /v1 calls by route template and by path; DELETE resets", async () => {
    await call(U, "DELETE", "/sim/requests");
    await call(U, "GET", "/v1/view/resources");
    await call(U, "GET", "/v1/view/resources?nodes=vulcan");
    await call(U, "GET", "/v1/resource-definitions/res1/resources/vulcan");
    await call(U, "GET", "/sim/health");
    const r = await call(U, "GET", "/sim/requests");
    assert.equal(r.json.total, 3);
    assert.equal(r.json.byRoute["GET /v1/view/resources"], 2);
    assert.equal(r.json.byRoute["GET /v1/resource-definitions/{rd}/resources/{node}"], 1);
    assert.equal(r.json.byPath["GET /v1/resource-definitions/res1/resources/vulcan"], 1);
    assert.deepEqual(r.json.log.map((x: { status: number }) => x.status), [200, 200, 200]);
    await call(U, "DELETE", "/sim/requests");
    assert.equal((await call(U, "GET", "/sim/requests")).json.total, 0);
  });

  it("snapshots: create on chosen nodes, list per definition and in the view with filters, delete on some nodes, multi-snapshot", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "snaprd" } });
    await call(U, "POST", "/v1/resource-definitions/snaprd/volume-definitions", { volume_definition: { size_kib: 4096 } });
    await call(U, "POST", "/v1/resource-definitions/snaprd/resources", ["vulcan", "kronos", "romulus"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    const c = await call(U, "POST", "/v1/resource-definitions/snaprd/snapshots", { name: "one", nodes: ["vulcan", "kronos"] });
    assert.equal(c.status, 201, c.text);
    assert.ok(c.json.some((e: { message: string }) => e.message === "Took snapshot of 'snaprd' on 'vulcan'"));
    const s = await call(U, "GET", "/v1/resource-definitions/snaprd/snapshots/ONE");
    assert.equal(s.json.name, "one");
    assert.equal(s.json.resource_name, "snaprd");
    assert.deepEqual(s.json.nodes, ["vulcan", "kronos"]);
    assert.deepEqual(s.json.flags, ["SUCCESSFUL"]);
    assert.deepEqual(s.json.volume_definitions, [{ volume_number: 0, size_kib: 4096 }]);
    assert.equal(s.json.snapshots[0].snapshot_volumes[0].vlm_nr, 0);
    const all = await call(U, "POST", "/v1/resource-definitions/snaprd/snapshots", { name: "two" });
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/snaprd/snapshots/two")).json.nodes, ["kronos", "romulus", "vulcan"], "default: every diskful node");
    assert.equal(all.status, 201);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/snaprd/snapshots")).json.map((x: { name: string }) => x.name), ["one", "two"]);
    assert.deepEqual((await call(U, "GET", "/v1/view/snapshots?nodes=romulus")).json.map((x: { name: string }) => x.name), ["two"]);
    assert.deepEqual((await call(U, "GET", "/v1/view/snapshots?resources=nothing")).json, []);
    const partial = await call(U, "DELETE", "/v1/resource-definitions/snaprd/snapshots/two?nodes=romulus");
    assert.equal(partial.status, 200);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/snaprd/snapshots/two")).json.nodes, ["kronos", "vulcan"]);
    const multi = await call(U, "POST", "/v1/actions/snapshot/multi", { snapshots: [{ name: "mm", resource_name: "snaprd" }, { name: "mm", resource_name: "res1", nodes: ["vulcan"] }] });
    assert.equal(multi.status, 201, multi.text);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/res1/snapshots/mm")).status, 200);
    for (const [rd, sn] of [["snaprd", "one"], ["snaprd", "two"], ["snaprd", "mm"], ["res1", "mm"]]) assert.equal((await call(U, "DELETE", `/v1/resource-definitions/${rd}/snapshots/${sn}`)).status, 200);
    const missing = await call(U, "DELETE", "/v1/resource-definitions/snaprd/snapshots/one");
    assert.equal(missing.status, 200);
    assert.match(missing.json[0].message, /not found/);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/snaprd/snapshots/one")).status, 404);
  });

  it("misc: storage-pool definitions, volume groups, net interfaces, resource modify, toggle-disk legacy paths, stats", async () => {
    const spd = await call(U, "POST", "/v1/storage-pool-definitions", { storage_pool_name: "newpool" });
    assert.equal(spd.status, 201);
    assert.ok((await call(U, "GET", "/v1/storage-pool-definitions")).json.some((d: { storage_pool_name: string }) => d.storage_pool_name === "DfltStorPool"));
    assert.equal((await call(U, "DELETE", "/v1/storage-pool-definitions/newpool")).status, 200);
    assert.equal((await call(U, "POST", "/v1/resource-groups", { name: "vgrg", select_filter: { place_count: 1 } })).status, 201);
    assert.equal((await call(U, "POST", "/v1/resource-groups/vgrg/volume-groups", {})).status, 201);
    assert.deepEqual((await call(U, "GET", "/v1/resource-groups/vgrg/volume-groups")).json.map((v: { volume_number: number }) => v.volume_number), [0]);
    assert.equal((await call(U, "POST", "/v1/nodes/vulcan/net-interfaces", { name: "data", address: "10.1.1.1" })).status, 201);
    assert.equal((await call(U, "GET", "/v1/nodes/vulcan/net-interfaces/data")).json.address, "10.1.1.1");
    const mod = await call(U, "PUT", "/v1/resource-definitions/res1/resources/vulcan", { override_props: { "Aux/a": "b" } });
    assert.equal(mod.status, 200);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/res1/resources/vulcan")).json.props["Aux/a"], "b");
    const dl = await call(U, "PUT", "/v1/resource-definitions/res1/resources/romulus/toggle-disk/diskless");
    assert.equal(dl.status, 404, "no replica there");
    await call(U, "POST", "/v1/resource-definitions/res1/resources/romulus", { resource: { flags: ["DRBD_DISKLESS"] } });
    assert.equal((await call(U, "PUT", "/v1/resource-definitions/res1/resources/romulus/toggle-disk/diskful/thinpool")).status, 200);
    const r = await call(U, "GET", "/v1/resource-definitions/res1/resources/romulus");
    assert.equal(r.json.flags, undefined, "diskful now");
    assert.equal((await call(U, "PUT", "/v1/resource-definitions/res1/resources/romulus/toggle-disk", { operation: "INTO_DRBD_DISKLESS" })).status, 200);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/res1/resources/romulus")).json.flags, ["DISKLESS", "DRBD_DISKLESS"]);
    assert.equal((await call(U, "GET", "/v1/stats/nodes")).json.count, 4);
    assert.deepEqual((await call(U, "GET", "/v1/error-reports")).json, []);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/res1/resource-connections")).json, []);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/nope/resource-connections")).status, 404);
  });
});
