// Every REST call the client makes, over HTTP against the simulator (seed cluster: vulcan, kronos,
// remus, romulus, each with LVM_THIN pool `thinpool` in VG drbdpool).

import * as assert from "assert";
import { anyIs, Codes, Masks, isExists, isNotFound, LinstorApiError, LinstorClient, orUndefined, readLive, warningsOf } from "../../provider/client";
import { resolveConnection } from "../../provider/client/endpoint";
import { Transport } from "../../provider/client/transport";
import { useSimulator } from "../../harness/sim";

const MiB = 1024;

async function rejects(p: Promise<unknown>, check: (e: LinstorApiError) => void): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof LinstorApiError, `expected LinstorApiError, got ${String(err)}`);
    check(err);
    return;
  }
  assert.fail("expected the call to fail");
}

describe("LinstorClient calls against the simulator", function () {
  const sim = useSimulator({ resyncRateKibPerSec: 1 << 30, balance: false });
  let c: LinstorClient;
  before(function () {
    c = sim().client();
  });

  it("controller: version and properties (keys with slashes)", async () => {
    const v = await c.controller.version();
    assert.match(v.rest_api_version ?? "", /^1\./);
    await c.controller.setProps({ override_props: { "Aux/test/key": "one" } });
    assert.strictEqual((await c.controller.getProps())["Aux/test/key"], "one");
    await c.controller.deleteProp("Aux/test/key");
    assert.strictEqual((await c.controller.getProps())["Aux/test/key"], undefined);
  });

  it("nodes: list, get, create, duplicate (FAIL_EXISTS_NODE, exact ret_code), modify, delete, missing", async () => {
    const names = (await c.nodes.list()).map((n) => n.name).sort();
    assert.deepStrictEqual(names, ["kronos", "remus", "romulus", "vulcan"]);
    assert.deepStrictEqual((await c.nodes.list({ nodes: ["VULCAN"] })).map((n) => n.name), ["vulcan"]);
    const body = { name: "atlas", type: "SATELLITE", net_interfaces: [{ name: "default", address: "10.0.0.9", satellite_port: 3366, satellite_encryption_type: "PLAIN", is_active: true }] };
    const rcs = await c.nodes.create(body);
    assert.ok(rcs.some((r) => r.severity === "success" && r.code === Codes.CREATED));
    await rejects(c.nodes.create(body), (e) => {
      assert.ok(isExists(e));
      assert.strictEqual(e.status, 500);
      assert.strictEqual(e.code, Codes.FAIL_EXISTS_NODE);
      assert.strictEqual(e.retCode, -4611686018406678028n);
      assert.match(e.toString(), /^ERROR:\nDescription:\n {4}/);
    });
    await c.nodes.modify("atlas", { override_props: { "Aux/site": "x" } });
    assert.strictEqual((await c.nodes.get("ATLAS")).props?.["Aux/site"], "x");
    await c.nodes.delete("atlas");
    await rejects(c.nodes.get("atlas"), (e) => {
      assert.ok(isNotFound(e));
      assert.strictEqual(e.status, 404);
      assert.strictEqual(e.code, Codes.FAIL_NOT_FOUND_NODE);
    });
    const again = await c.nodes.delete("atlas");
    assert.ok(anyIs(again, Masks.WARN_NOT_FOUND), "deleting a missing node is a warning, not an error");
  });

  it("storage pools: view with filters, per node, get, create, modify, delete, missing", async () => {
    const view = await c.storagePools.view({ storagePools: ["thinpool"] });
    assert.strictEqual(view.length, 4);
    assert.ok(view.every((p) => p.provider_kind === "LVM_THIN" && p.props?.["StorDriver/StorPoolName"] === "drbdpool/thinpool"));
    const diskless = (await c.storagePools.view({ nodes: ["vulcan"] })).find((p) => p.provider_kind === "DISKLESS");
    assert.ok(diskless, "every satellite has DfltDisklessStorPool");
    assert.strictEqual(typeof diskless.free_capacity === "bigint" || diskless.free_capacity === undefined, true);
    assert.ok((await c.storagePools.listOnNode("kronos")).some((p) => p.storage_pool_name === "thinpool"));
    await c.storagePools.create("vulcan", { storage_pool_name: "filepool", provider_kind: "FILE_THIN", props: { "StorDriver/StorPoolName": "/var/lib/pool" } });
    assert.strictEqual((await c.storagePools.get("vulcan", "filepool")).provider_kind, "FILE_THIN");
    await rejects(c.storagePools.create("vulcan", { storage_pool_name: "filepool", provider_kind: "FILE_THIN", props: { "StorDriver/StorPoolName": "/var/lib/pool" } }),
      (e) => assert.strictEqual(e.code, Codes.FAIL_EXISTS_STOR_POOL));
    await c.storagePools.modify("vulcan", "filepool", { override_props: { "Aux/x": "1" } });
    await c.storagePools.delete("vulcan", "filepool");
    await rejects(c.storagePools.get("vulcan", "filepool"), (e) => assert.ok(isNotFound(e)));
    assert.ok(anyIs(await c.storagePools.delete("vulcan", "filepool"), Masks.WARN_NOT_FOUND));
  });

  it("resource groups: list, create, get, modify, spawn, delete", async () => {
    assert.ok((await c.resourceGroups.list()).some((g) => g.name === "DfltRscGrp"));
    await c.resourceGroups.create({ name: "rgTest", select_filter: { place_count: 2, storage_pool_list: ["thinpool"] } });
    await rejects(c.resourceGroups.create({ name: "RGTEST" }), (e) => assert.strictEqual(e.code, Codes.FAIL_EXISTS_RSC_GRP));
    await c.resourceGroups.modify("rgTest", { description: "test group" });
    const g = await c.resourceGroups.get("rgtest");
    assert.strictEqual(g.description, "test group");
    assert.strictEqual(g.select_filter?.place_count, 2);
    await c.resourceGroups.spawn("rgTest", { resource_definition_name: "spawned", volume_sizes: [10 * MiB] });
    assert.strictEqual((await c.resources.list("spawned")).filter((r) => !(r.flags ?? []).includes("DISKLESS")).length, 2);
    await c.resourceDefinitions.delete("spawned");
    await c.resourceGroups.delete("rgTest");
    await rejects(c.resourceGroups.get("rgTest"), (e) => assert.ok(isNotFound(e)));
  });

  it("resource and volume definitions: create with layer_data, list with VDs, modify, resize, sync-status, delete", async () => {
    await c.resourceDefinitions.create({ resource_definition: { name: "r1", layer_data: [{ type: "DRBD" }, { type: "STORAGE" }] } });
    await rejects(c.resourceDefinitions.create({ resource_definition: { name: "r1" } }), (e) => {
      assert.strictEqual(e.code, Codes.FAIL_EXISTS_RSC_DFN);
      // The exact 64-bit value: plain JSON.parse would have rounded away the code number.
      assert.strictEqual(e.retCode, -4611686018406940171n);
    });
    await c.volumeDefinitions.create("r1", { volume_definition: { volume_number: 0, size_kib: 20 * MiB } });
    await rejects(c.volumeDefinitions.create("r1", { volume_definition: { volume_number: 0, size_kib: 20 * MiB } }),
      (e) => assert.strictEqual(e.code, Codes.FAIL_EXISTS_VLM_DFN));
    const [rd] = await c.resourceDefinitions.list({ resourceDefinitions: ["r1"], withVolumeDefinitions: true });
    assert.deepStrictEqual(rd.layer_data?.map((l) => l.type), ["DRBD", "STORAGE"]);
    assert.strictEqual(rd.volume_definitions?.[0].size_kib, 20 * MiB);
    assert.strictEqual((await c.volumeDefinitions.list("r1")).length, 1);
    await c.resourceDefinitions.modify("r1", { override_props: { "Aux/owner": "test" } });
    assert.strictEqual((await c.resourceDefinitions.get("r1")).props?.["Aux/owner"], "test");
    await c.resources.create("r1", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }, { resource: { node_name: "kronos", props: { StorPoolName: "thinpool" } } }]);
    await c.volumeDefinitions.resize("r1", 0, 30 * MiB);
    assert.strictEqual((await c.volumeDefinitions.get("r1", 0)).size_kib, 30 * MiB);
    assert.strictEqual(typeof (await c.resourceDefinitions.syncStatus("r1")).synced_on_all, "boolean");
    await c.volumeDefinitions.create("r1", { volume_definition: { volume_number: 1, size_kib: MiB } });
    await c.volumeDefinitions.delete("r1", 1);
    await rejects(c.volumeDefinitions.get("r1", 1), (e) => assert.ok(isNotFound(e)));
    await c.resourceDefinitions.delete("r1");
    await rejects(c.resourceDefinitions.get("r1"), (e) => {
      assert.ok(isNotFound(e));
      assert.strictEqual(e.code, Codes.FAIL_NOT_FOUND_RSC_DFN);
    });
    const missing = await c.resourceDefinitions.delete("r1");
    assert.ok(anyIs(missing, Masks.WARN_NOT_FOUND));
    assert.strictEqual(warningsOf(missing)[0].retCode, -9223372036800771144n);
  });

  it("resources: create (array), duplicate is INFO 201, view filters, autoplace, modify, toggle-disk, delete with keep_tiebreaker", async () => {
    await c.resourceDefinitions.create({ resource_definition: { name: "r2" } });
    await c.volumeDefinitions.create("r2", { volume_definition: { volume_number: 0, size_kib: 10 * MiB } });
    await c.resources.create("r2", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    const dup = await c.resources.create("r2", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    assert.ok(anyIs(dup, Masks.INFO_RSC_ALREADY_EXISTS), "a duplicate resource create is an INFO, not an error");
    const placed = await c.resources.autoPlace("r2", { select_filter: { place_count: 3, storage_pool_list: ["thinpool"] } });
    assert.ok(placed.every((r) => r.severity !== "error"));
    const view = await c.resources.view({ resources: ["r2"] });
    assert.strictEqual(view.filter((r) => !(r.flags ?? []).includes("DISKLESS")).length, 3);
    assert.ok(view.every((r) => r.volumes && r.volumes.length === 1));
    const onVulcan = await c.resources.view({ resources: ["r2"], nodes: ["vulcan"] });
    assert.deepStrictEqual(onVulcan.map((r) => r.node_name), ["vulcan"]);
    assert.ok((await c.resources.view({ storagePools: ["thinpool"] })).some((r) => r.name === "r2"));
    await c.resources.modify("r2", "vulcan", { override_props: { "Aux/x": "y" } });
    assert.strictEqual((await c.resources.get("r2", "vulcan")).props?.["Aux/x"], "y");
    const diskful = view.filter((r) => !(r.flags ?? []).includes("DISKLESS")).map((r) => r.node_name);
    const spare = ["vulcan", "kronos", "remus", "romulus"].find((n) => !diskful.includes(n)) as string;
    const victim = diskful.find((n) => n !== "vulcan") as string;
    // toggle-disk turns an existing diskless replica diskful.
    await c.resources.create("r2", [{ resource: { node_name: spare, flags: ["DRBD_DISKLESS"] } }]);
    assert.ok((await c.resources.get("r2", spare)).flags?.includes("DRBD_DISKLESS"));
    await c.resources.toggleDisk("r2", spare, { operation: "INTO_DRBD_DISKFUL", storage_pool: "thinpool", migrate_from: victim });
    const after = await waitFor(async () => {
      const rs = await c.resources.view({ resources: ["r2"] });
      return rs.some((r) => r.node_name === spare && !(r.flags ?? []).includes("DISKLESS")) && !rs.some((r) => r.node_name === victim && !(r.flags ?? []).includes("DISKLESS")) ? rs : undefined;
    });
    assert.ok(after.some((r) => r.node_name === spare));
    // 3 → 2 diskful with keep_tiebreaker: the controller may keep the replica as the tiebreaker.
    await c.resources.delete("r2", spare, { keepTiebreaker: true });
    const kept = await orUndefined(c.resources.get("r2", spare));
    if (kept) assert.deepStrictEqual(kept.flags, ["DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"]);
    await c.resources.delete("r2", spare);
    await rejects(c.resources.get("r2", spare), (e) => assert.strictEqual(e.code, Codes.FAIL_NOT_FOUND_RSC));
    assert.ok(anyIs(await c.resources.delete("r2", spare), Masks.WARN_NOT_FOUND));
    await c.resourceDefinitions.delete("r2");
  });

  it("snapshots: create, view, list, get, restore volume definitions and resources, rollback, delete", async () => {
    await c.resourceDefinitions.create({ resource_definition: { name: "r3" } });
    await c.volumeDefinitions.create("r3", { volume_definition: { volume_number: 0, size_kib: 10 * MiB } });
    await c.resources.create("r3", ["remus", "romulus"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    await c.snapshots.create("r3", { name: "s1", nodes: ["remus", "romulus"] });
    await rejects(c.snapshots.create("r3", { name: "s1" }), (e) => assert.strictEqual(e.code, Codes.FAIL_EXISTS_SNAPSHOT_DFN));
    const s = await c.snapshots.get("r3", "s1");
    assert.ok((s.flags ?? []).includes("SUCCESSFUL"));
    assert.deepStrictEqual([...(s.nodes ?? [])].sort(), ["remus", "romulus"]);
    assert.strictEqual((await c.snapshots.list("r3")).length, 1);
    assert.ok((await c.snapshots.view({ resources: ["r3"] })).some((x) => x.name === "s1"));
    await rejects(c.resourceDefinitions.delete("r3"), (e) => assert.strictEqual(e.code, Codes.FAIL_EXISTS_SNAPSHOT_DFN));
    await c.resourceDefinitions.create({ resource_definition: { name: "r3copy" } });
    await c.snapshots.restoreVolumeDefinitions("r3", "s1", "r3copy");
    assert.strictEqual((await c.volumeDefinitions.get("r3copy", 0)).size_kib, 10 * MiB);
    await c.snapshots.restoreResource("r3", "s1", { to_resource: "r3copy" });
    const restored = await c.resources.list("r3copy");
    assert.deepStrictEqual(restored.filter((r) => !(r.flags ?? []).includes("DISKLESS")).map((r) => r.node_name).sort(), ["remus", "romulus"]);
    await c.snapshots.rollback("r3", "s1");
    await c.resourceDefinitions.delete("r3copy");
    await c.snapshots.delete("r3", "s1");
    await rejects(c.snapshots.get("r3", "s1"), (e) => assert.ok(isNotFound(e)));
    assert.ok(anyIs(await c.snapshots.delete("r3", "s1"), Masks.WARN_NOT_FOUND));
    await c.resourceDefinitions.delete("r3");
  });

  it("rejects an unknown body field with API_CALL_PARSE_ERROR (400), ret_code exact", async () => {
    await rejects(c.resourceDefinitions.create({ resource_definition: { name: "bad", layer_stack: ["DRBD"] } } as never), (e) => {
      assert.strictEqual(e.status, 400);
      assert.strictEqual(e.retCode, -3458764513820540931n);
    });
  });

  it("error classes: not enough nodes, pool in use, wrong path (404 with a FAIL_UNKNOWN_ERROR list)", async () => {
    await c.resourceDefinitions.create({ resource_definition: { name: "r4" } });
    await c.volumeDefinitions.create("r4", { volume_definition: { volume_number: 0, size_kib: MiB } });
    await rejects(c.resources.autoPlace("r4", { select_filter: { place_count: 5, storage_pool_list: ["thinpool"] } }), (e) => {
      assert.strictEqual(e.code, Codes.FAIL_NOT_ENOUGH_NODES);
      assert.strictEqual(e.status, 500);
      assert.strictEqual(e.severity, "error");
      assert.strictEqual(e.request.method, "POST");
      assert.strictEqual(e.request.path, "/v1/resource-definitions/r4/autoplace");
    });
    await c.resources.create("r4", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    await rejects(c.storagePools.delete("vulcan", "thinpool"), (e) => {
      assert.strictEqual(e.code, Codes.FAIL_IN_USE);
      assert.strictEqual(e.object, "storage-pool");
      assert.strictEqual(e.operation, "delete");
    });
    await c.resourceDefinitions.delete("r4");
    const t = new Transport(resolveConnection({ endpoint: sim().url, env: {} }));
    // LINSTOR answers a wrong path with 404 and a JSON RC list (FAIL_UNKNOWN_ERROR), not an object's FAIL_NOT_FOUND_*
    await assert.rejects(t.call({ method: "GET", route: "/v1/no-such-endpoint", retry: "safe" }), (e: unknown) => {
      assert.strictEqual((e as { status?: number }).status, 404, String(e));
      assert.match(String(e), /Path '\/v1\/no-such-endpoint' not found on server\./);
      assert.ok(!isNotFound(e), "a wrong path is not a missing object");
      return true;
    });
  });

  it("readLive normalizes its eight calls (six lists, the controller's props and version) and counts them per route", async () => {
    c.resetStats();
    const live = await readLive(c);
    assert.strictEqual(live.nodes.length, 4);
    assert.ok(live.nodes.every((n) => n.connectionStatus === "ONLINE"));
    const tp = live.storagePools.find((p) => p.node === "vulcan" && p.name === "thinpool");
    assert.ok(tp && tp.thin && tp.supportsSnapshots && tp.backingPool === "drbdpool/thinpool" && (tp.freeKib ?? 0) > 0);
    const st = c.stats();
    assert.strictEqual(st.total, 8);
    assert.ok(live.controllerVersion && live.controllerProps, "the controller's version and props are part of live state");
    for (const r of ["GET /v1/nodes", "GET /v1/view/storage-pools", "GET /v1/resource-groups", "GET /v1/resource-definitions", "GET /v1/view/resources", "GET /v1/view/snapshots",
      "GET /v1/controller/properties", "GET /v1/controller/version"]) {
      assert.strictEqual(st.byRoute[r], 1, r);
    }
  });
});

/** Polls (with backoff) until fn returns a value; fails after a generous bound. */
export async function waitFor<T>(fn: () => Promise<T | undefined>, limitMs = 20_000): Promise<T> {
  const start = Date.now();
  let delay = 20;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > limitMs) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(500, delay * 1.5);
  }
}
