// Controller behaviour the simulator copies: auto-place order, tie-breakers (add, remove,
// keep_tiebreaker, manual delete, 3→2 takeover), balancing, offline nodes, toggle-disk.
import { strict as assert } from "node:assert";
import { useSimulator } from "../../harness/sim";
import { call, waitFor } from "./helpers";

async function mkRd(U: string, name: string, sizeKib = 10240): Promise<void> {
  assert.equal((await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name } })).status, 201);
  assert.equal((await call(U, "POST", `/v1/resource-definitions/${name}/volume-definitions`, { volume_definition: { size_kib: sizeKib } })).status, 200);
}

async function place(U: string, rd: string, nodes: string[]): Promise<void> {
  const r = await call(U, "POST", `/v1/resource-definitions/${rd}/resources`, nodes.map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
  assert.equal(r.status, 201, r.text);
}

async function layout(U: string, rd: string): Promise<string[]> {
  const r = await call(U, "GET", `/v1/view/resources?resources=${rd}`);
  return r.json.map((x: { node_name: string; flags?: string[]; volumes: { state?: { disk_state: string } }[] }) => {
    const f = x.flags ?? [];
    const kind = f.includes("TIE_BREAKER") ? "TB" : f.includes("DISKLESS") ? "diskless" : "disk";
    return `${x.node_name}:${kind}${f.includes("DELETE") ? ":DELETE" : ""}`;
  });
}

describe("linstor-sim controller behaviour", function () {
  const sim = useSimulator({ seedCluster: true, balance: false, satelliteDelayMs: 1, resyncRateKibPerSec: 1024 * 1024 }, { each: true });
  let U: string;
  beforeEach(() => {
    U = sim().url;
  });

  it("seed placement: LocalData on vulcan+kronos gets a tie-breaker on remus; SharedData auto-placed x3 lands on kronos, remus, romulus", async () => {
    await mkRd(U, "LocalData");
    await place(U, "LocalData", ["vulcan", "kronos"]);
    assert.deepEqual(await layout(U, "LocalData"), ["kronos:disk", "remus:TB", "vulcan:disk"]);
    await mkRd(U, "SharedData");
    const r = await call(U, "POST", "/v1/resource-definitions/SharedData/autoplace", { select_filter: { place_count: 3, storage_pool_list: ["thinpool"] } });
    assert.equal(r.status, 201);
    assert.deepEqual(await layout(U, "SharedData"), ["kronos:disk", "remus:disk", "romulus:disk"]);
    const again = await call(U, "POST", "/v1/resource-definitions/SharedData/autoplace", { select_filter: { place_count: 3 } });
    assert.equal(again.status, 201);
    assert.equal(again.json[0].message, "Resource 'SharedData' was already deployed on 3 nodes. Skipping.");
  });

  it("auto-place constraints: node_name_list, not_place_with_rsc, replicas_on_different, additional_place_count", async () => {
    await mkRd(U, "a1");
    await place(U, "a1", ["vulcan"]);
    await mkRd(U, "a2");
    const r = await call(U, "POST", "/v1/resource-definitions/a2/autoplace", { select_filter: { place_count: 2, not_place_with_rsc: ["a1"], node_name_list: ["vulcan", "kronos", "remus"] } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await layout(U, "a2"), ["kronos:disk", "remus:disk", "romulus:TB"]);
    for (const [n, site] of [["vulcan", "a"], ["kronos", "a"], ["remus", "b"], ["romulus", "b"]]) await call(U, "PUT", `/v1/nodes/${n}`, { override_props: { "Aux/site": site } });
    await mkRd(U, "a3");
    const d = await call(U, "POST", "/v1/resource-definitions/a3/autoplace", { select_filter: { place_count: 2, replicas_on_different: ["Aux/site"] } });
    assert.equal(d.status, 201, d.text);
    const nodes = (await layout(U, "a3")).filter((x) => x.endsWith(":disk")).map((x) => x.split(":")[0]);
    assert.equal(nodes.length, 2);
    assert.notEqual(nodes.includes("vulcan") || nodes.includes("kronos"), nodes.includes("remus") && nodes.includes("romulus"));
    const three = await call(U, "POST", "/v1/resource-definitions/a3/autoplace", { select_filter: { place_count: 3, replicas_on_different: ["Aux/site"] } });
    assert.equal(three.status, 500, "only two sites");
    await mkRd(U, "a4");
    const same = await call(U, "POST", "/v1/resource-definitions/a4/autoplace", { select_filter: { place_count: 2, replicas_on_same: ["Aux/site=b"], storage_pool_list: ["thinpool"] } });
    assert.equal(same.status, 201, same.text);
    assert.deepEqual((await layout(U, "a4")).filter((x) => x.endsWith(":disk")), ["remus:disk", "romulus:disk"]);
    await mkRd(U, "a5");
    const rx = await call(U, "POST", "/v1/resource-definitions/a5/autoplace", { select_filter: { place_count: 1, not_place_with_rsc_regex: "^a[1-4]$" } });
    assert.equal(rx.status, 500, "every node hosts one of a1..a4");
    const add = await call(U, "POST", "/v1/resource-definitions/a3/autoplace", { select_filter: { additional_place_count: 1 } });
    assert.equal(add.status, 201);
    assert.equal((await layout(U, "a3")).filter((x) => x.endsWith(":disk")).length, 3);
  });

  it("tie-breaker goes when a third diskful replica comes, comes back when one goes; keep_tiebreaker keeps it", async () => {
    await mkRd(U, "t1");
    await place(U, "t1", ["vulcan", "kronos"]);
    await place(U, "t1", ["romulus"]);
    assert.deepEqual(await layout(U, "t1"), ["kronos:disk", "romulus:disk", "vulcan:disk"]);
    // 3 → 2: the controller takes the replica being deleted over as tie-breaker (pitfalls.md #2)
    const del = await call(U, "DELETE", "/v1/resource-definitions/t1/resources/romulus");
    assert.equal(del.status, 200);
    assert.equal(del.json[0].message, "The given resource will not be deleted but will be taken over as a linstor managed tiebreaker resource.");
    assert.deepEqual(await layout(U, "t1"), ["kronos:disk", "romulus:TB", "vulcan:disk"]);
    // keep_tiebreaker: deleting the tie-breaker keeps it
    const keep = await call(U, "DELETE", "/v1/resource-definitions/t1/resources/romulus?keep_tiebreaker=true");
    assert.equal(keep.status, 200);
    assert.deepEqual(await layout(U, "t1"), ["kronos:disk", "romulus:TB", "vulcan:disk"]);
    // by hand without keep: it goes and auto-tiebreaker is switched off on the definition
    const gone = await call(U, "DELETE", "/v1/resource-definitions/t1/resources/romulus");
    assert.ok(gone.json.some((e: { message: string }) => e.message === "Disabling auto-tiebreaker on resource-definition 't1' as tiebreaker resource was manually deleted"));
    assert.deepEqual(await layout(U, "t1"), ["kronos:disk", "vulcan:disk"]);
    assert.equal((await call(U, "GET", "/v1/resource-definitions/t1")).json.props["DrbdOptions/auto-add-quorum-tiebreaker"], "False");
  });

  it("automatic balancing adds replicas up to the group's place count and removes surplus, unless BalanceResourcesEnabled=false", async () => {
    await call(U, "POST", "/sim/config", { balance: { enabled: true, intervalMs: 50, graceMs: 0 } });
    await mkRd(U, "b1");
    await place(U, "b1", ["vulcan"]);
    await waitFor("a second replica", async () => (await layout(U, "b1")).filter((x) => x.endsWith(":disk")).length === 2);
    await mkRd(U, "b2");
    await call(U, "PUT", "/v1/resource-definitions/b2", { override_props: { BalanceResourcesEnabled: "false" } });
    await place(U, "b2", ["vulcan", "kronos", "remus"]);
    await mkRd(U, "b3");
    await place(U, "b3", ["vulcan", "kronos", "remus"]);
    await waitFor("b3 trimmed to two diskful", async () => (await layout(U, "b3")).filter((x) => x.endsWith(":disk")).length === 2);
    assert.equal((await layout(U, "b2")).filter((x) => x.endsWith(":disk")).length, 3, "switched off per definition");
    const ev = (await call(U, "GET", "/sim/events")).json as { type: string; resource?: string }[];
    assert.ok(ev.some((e) => e.type === "balance-added" && e.resource === "b1"));
    assert.ok(!ev.some((e) => e.resource === "b2" && e.type.startsWith("balance")));
  });

  it("balancing waits out the grace period (controller prop BalanceResourcesGracePeriod, seconds) and skips definitions without DRBD", async () => {
    await call(U, "POST", "/v1/controller/properties", { override_props: { BalanceResourcesGracePeriod: "3600" } });
    await call(U, "POST", "/sim/config", { balance: { enabled: true, intervalMs: 20 } });
    await mkRd(U, "g1");
    await place(U, "g1", ["vulcan"]);
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "g2", layer_data: [{ type: "STORAGE" }] } });
    await call(U, "POST", "/v1/resource-definitions/g2/volume-definitions", { volume_definition: { size_kib: 1024 } });
    await place(U, "g2", ["vulcan"]);
    await new Promise((r) => setTimeout(r, 200)); // ten balancer rounds
    assert.deepEqual(await layout(U, "g1"), ["vulcan:disk"], "young replicas are left alone");
    await call(U, "POST", "/v1/controller/properties", { override_props: { BalanceResourcesGracePeriod: "0" } });
    await waitFor("g1 balanced", async () => (await layout(U, "g1")).filter((x) => x.endsWith(":disk")).length === 2);
    assert.deepEqual(await layout(U, "g2"), ["vulcan:disk"], "no DRBD, no balancing");
  });

  it("offline node: live state disappears, a delete stays flagged DELETE with WARN_NOT_CONNECTED until the node is back", async () => {
    await mkRd(U, "o1");
    await place(U, "o1", ["vulcan", "kronos", "romulus"]);
    assert.equal((await call(U, "POST", "/sim/nodes/romulus/offline")).status, 200);
    const n = await call(U, "GET", "/v1/nodes/romulus");
    assert.equal(n.json.connection_status, "OFFLINE");
    const v = await call(U, "GET", "/v1/view/resources?resources=o1&nodes=romulus");
    assert.equal(v.json[0].state, undefined);
    assert.equal(v.json[0].volumes[0].state, undefined);
    const pool = await call(U, "GET", "/v1/nodes/romulus/storage-pools/thinpool");
    assert.equal(pool.json.free_capacity, undefined);
    const d = await call(U, "DELETE", "/v1/resource-definitions/o1/resources/romulus?keep_tiebreaker=false");
    assert.equal(d.status, 200);
    assert.ok(d.json.some((e: { ret_code: number; message: string }) => e.message === "No active connection to satellite 'romulus'"));
    const still = await layout(U, "o1");
    assert.ok(still.includes("romulus:disk:DELETE") || still.includes("romulus:TB"), still.join());
    await call(U, "POST", "/sim/nodes/romulus/online");
    const after = await layout(U, "o1");
    assert.ok(!after.some((x) => x.startsWith("romulus:disk")), after.join());
  });

  it("toggle-disk with migrate_from: the new disk resyncs, then the old replica goes; sync-status follows", async () => {
    await call(U, "POST", "/sim/config", { resyncRateKibPerSec: 20480 });
    await mkRd(U, "m1");
    await place(U, "m1", ["vulcan", "kronos", "remus"]);
    await call(U, "PUT", "/sim/data/m1/vulcan/0?offset=4096", "payload");
    await call(U, "POST", "/v1/resource-definitions/m1/resources/romulus", { resource: { flags: ["DRBD_DISKLESS"] } });
    assert.equal((await call(U, "POST", "/sim/faults", { kind: "stall-resync", resource: "m1", node: "romulus" })).status, 201);
    const t = await call(U, "PUT", "/v1/resource-definitions/m1/resources/romulus/toggle-disk", { operation: "INTO_DRBD_DISKFUL", storage_pool: "thinpool", migrate_from: "remus" });
    assert.equal(t.status, 200, t.text);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/m1/sync-status")).json, { synced_on_all: false });
    await waitFor("sync source chosen", async () => (await call(U, "GET", "/v1/view/resources?resources=m1&nodes=romulus")).json[0].volumes[0].state.replication_states.kronos?.replication_state === "SyncTarget" || (await call(U, "GET", "/v1/view/resources?resources=m1&nodes=romulus")).json[0].volumes[0].state.replication_states.vulcan?.replication_state === "SyncTarget");
    assert.equal((await call(U, "GET", "/v1/view/resources?resources=m1&nodes=romulus")).json[0].volumes[0].state.disk_state, "Inconsistent");
    await call(U, "DELETE", "/sim/faults");
    await waitFor("syncing percentage", async () => /^SyncTarget\(\d+\.\d\d%\)$|^UpToDate$/.test((await call(U, "GET", "/v1/view/resources?resources=m1&nodes=romulus")).json[0].volumes[0].state.disk_state));
    await waitFor("remus removed", async () => !(await layout(U, "m1")).some((x) => x.startsWith("remus")));
    assert.deepEqual(await layout(U, "m1"), ["kronos:disk", "romulus:disk", "vulcan:disk"]);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/m1/sync-status")).json, { synced_on_all: true });
  });

  it("node delete removes its replicas first, then the node", async () => {
    await mkRd(U, "nd");
    await place(U, "nd", ["vulcan", "kronos", "romulus"]);
    const d = await call(U, "DELETE", "/v1/nodes/romulus");
    assert.equal(d.status, 200, d.text);
    assert.equal((await call(U, "GET", "/v1/nodes/romulus")).status, 404);
    assert.ok(!(await layout(U, "nd")).some((x) => x.startsWith("romulus")));
  });

  it("a STORAGE-only definition has no DRBD: no port, no minor (the next DRBD volume gets 1000), independent replicas", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "LocalData", layer_data: [{ type: "STORAGE" }] } });
    await call(U, "POST", "/v1/resource-definitions/LocalData/volume-definitions", { volume_definition: { size_kib: 1024 } });
    await place(U, "LocalData", ["vulcan", "kronos"]);
    assert.deepEqual(await layout(U, "LocalData"), ["kronos:disk", "vulcan:disk"], "no tie-breaker without DRBD");
    const v = await call(U, "GET", "/v1/view/resources?resources=LocalData&nodes=vulcan");
    assert.equal(v.json[0].layer_object.type, "STORAGE");
    assert.equal(v.json[0].volumes[0].device_path, "/dev/drbdpool/LocalData_00000");
    assert.deepEqual(v.json[0].volumes[0].layer_data_list.map((l: { type: string }) => l.type), ["STORAGE"]);
    const vd = await call(U, "GET", "/v1/resource-definitions/LocalData/volume-definitions/0");
    assert.deepEqual(vd.json.layer_data, [{ type: "STORAGE" }]);
    await call(U, "PUT", "/sim/data/LocalData/vulcan/0?offset=0", "only on vulcan");
    const k = await call(U, "GET", "/sim/data/LocalData/kronos/0?offset=0&length=4");
    assert.equal(k.text, "\u0000\u0000\u0000\u0000");
    await mkRd(U, "SharedData");
    await place(U, "SharedData", ["remus", "romulus", "kronos"]);
    const s = await call(U, "GET", "/v1/view/resources?resources=SharedData&nodes=kronos");
    assert.equal(s.json[0].volumes[0].layer_data_list[0].data.drbd_volume_definition.minor_number, 1000);
    assert.deepEqual(s.json[0].layer_object.drbd.tcp_ports, [7000]);
  });

  it("node evacuate moves diskful replicas elsewhere (resync, then delete) and keeps new ones off the node; restore clears the flag", async () => {
    await mkRd(U, "ev");
    await place(U, "ev", ["vulcan", "kronos", "romulus"]);
    await call(U, "PUT", "/sim/data/ev/vulcan/0?offset=0", "keep me");
    const sum = (await call(U, "GET", "/sim/data/ev/kronos/0/checksum")).json.sha256;
    const e = await call(U, "PUT", "/v1/nodes/vulcan/evacuate", {});
    assert.equal(e.status, 200, e.text);
    assert.deepEqual((await call(U, "GET", "/v1/nodes/vulcan")).json.flags, ["EVACUATE"]);
    await waitFor("vulcan empty", async () => !(await layout(U, "ev")).some((x) => x.startsWith("vulcan")));
    assert.deepEqual(await layout(U, "ev"), ["kronos:disk", "remus:disk", "romulus:disk"]);
    assert.equal((await call(U, "GET", "/sim/data/ev/remus/0/checksum")).json.sha256, sum);
    await mkRd(U, "ev2");
    const ap = await call(U, "POST", "/v1/resource-definitions/ev2/autoplace", { select_filter: { place_count: 4 } });
    assert.equal(ap.status, 500, "an evacuating node takes no new replicas");
    assert.equal((await call(U, "PUT", "/v1/nodes/vulcan/restore", {})).status, 200);
    assert.equal((await call(U, "GET", "/v1/nodes/vulcan")).json.flags, undefined);
  });
});
