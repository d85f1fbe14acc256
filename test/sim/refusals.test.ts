// Every refusal the simulator copies from the controller: HTTP status, exact ret_code digits in
// the raw body, message/cause/correction, and nothing changed.
import { strict as assert } from "node:assert";
import { startSim, useSimulator } from "../../harness/sim";
import { call, retCodes } from "./helpers";

/** ERROR | op | object | code, as signed 64-bit decimal text. */
function err(op: bigint, obj: bigint, num: number): string {
  return BigInt.asIntN(64, 0xc000000000000000n | op | obj | BigInt(num)).toString();
}
const CRT = 0x1000000n;
const MOD = 0x2000000n;
const DEL = 0x3000000n;
const NODE = 0x3c0000n;
const RSC_DFN = 0x380000n;
const RSC = 0x340000n;
const VLM_DFN = 0x300000n;
const SNAPSHOT = 0xc0000n;

describe("linstor-sim refusals (exact codes and texts)", function () {
  const sim = useSimulator({ seedCluster: true, balance: false, satelliteDelayMs: 1 });
  let U: string;
  before(async () => {
    U = sim().url;
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "r1" } });
    await call(U, "POST", "/v1/resource-definitions/r1/volume-definitions", { volume_definition: { size_kib: 10240 } });
    await call(U, "POST", "/v1/resource-definitions/r1/resources", [
      { resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } },
      { resource: { node_name: "kronos", props: { StorPoolName: "thinpool" } } },
    ]);
  });

  it("duplicate resource definition: 500 FAIL_EXISTS_RSC_DFN -4611686018406940171", async () => {
    const r = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "R1" } });
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), ["-4611686018406940171"]);
    assert.equal(r.json[0].message, "A resource definition with the name 'R1' already exists");
  });

  it("duplicate node: 500 FAIL_EXISTS_NODE -4611686018406678028 with cause and correction", async () => {
    const r = await call(U, "POST", "/v1/nodes", { name: "VULCAN", net_interfaces: [{ name: "default", address: "1.2.3.4", satellite_port: 3366, satellite_encryption_type: "PLAIN" }] });
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), ["-4611686018406678028"]);
    assert.equal(r.json[0].message, "Registration of node 'VULCAN' failed.");
    assert.ok(r.json[0].cause && r.json[0].correction);
  });

  it("node without satellite connection: FAIL_NO_STLT_CONN_DEFINED", async () => {
    const r = await call(U, "POST", "/v1/nodes", { name: "n9", net_interfaces: [{ name: "default", address: "1.2.3.4" }] });
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), [err(CRT, NODE, 609)]);
  });

  it("invalid names: FAIL_INVLD_RSC_NAME / NODE_NAME / reserved 'all', HTTP 500 with the checker's reason as cause", async () => {
    const a = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "x" } });
    assert.equal(a.status, 500);
    assert.deepEqual(retCodes(a.text), [err(CRT, RSC_DFN, 202)]);
    assert.equal(a.json[0].message, "The specified resource name 'x' is invalid.");
    assert.equal(a.json[0].cause, "Invalid name: Name length 1 is less than minimum length 2");
    const b = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "all" } });
    assert.deepEqual(retCodes(b.text), [err(CRT, RSC_DFN, 202)]);
    const n = await call(U, "POST", "/v1/nodes", { name: "bad_name", net_interfaces: [{ name: "default", address: "1.2.3.4", satellite_port: 3366, satellite_encryption_type: "PLAIN" }] });
    assert.deepEqual(retCodes(n.text), [err(CRT, NODE, 200)]);
  });

  it("delete of a missing definition: WARN_NOT_FOUND 200 -9223372036800771144", async () => {
    const r = await call(U, "DELETE", "/v1/resource-definitions/nothere");
    assert.equal(r.status, 200);
    assert.deepEqual(retCodes(r.text), ["-9223372036800771144"]);
  });

  it("definition with snapshots cannot be deleted: 500 -4611686018373385726, nothing changes", async () => {
    assert.equal((await call(U, "POST", "/v1/resource-definitions/r1/snapshots", { name: "s1" })).status, 201);
    const r = await call(U, "DELETE", "/v1/resource-definitions/r1");
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), ["-4611686018373385726"]);
    assert.equal(r.json[0].message, "Cannot delete resource definition 'r1' because it has snapshots.");
    // ensureNoSnapDfns sets no cause and no correction
    assert.equal(r.json[0].cause, undefined);
    assert.equal(r.json[0].correction, undefined);
    const still = await call(U, "GET", "/v1/resource-definitions/r1/resources");
    assert.equal(still.json.length, 3);
    assert.ok(still.json.every((x: { flags?: string[] }) => !(x.flags ?? []).includes("DELETE")));
  });

  it("snapshots: not on a diskless node, not on thick LVM, nothing to snapshot, duplicate name", async () => {
    const dl = await call(U, "POST", "/v1/resource-definitions/r1/snapshots", { name: "s2", nodes: ["remus"] });
    assert.equal(dl.status, 500);
    assert.deepEqual(retCodes(dl.text), [err(CRT, SNAPSHOT, 994)]);
    assert.equal(dl.json[0].message, "Cannot create snapshot from diskless resource on node 'remus'");
    const none = await call(U, "POST", "/v1/resource-definitions/r1/snapshots", { name: "s2", nodes: ["romulus"] });
    assert.equal(none.status, 404);
    await call(U, "POST", "/v1/nodes/romulus/storage-pools", { storage_pool_name: "thick", provider_kind: "LVM", props: { "StorDriver/StorPoolName": "vg0" } });
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "thickrd" } });
    await call(U, "POST", "/v1/resource-definitions/thickrd/volume-definitions", { volume_definition: { size_kib: 1024 } });
    await call(U, "POST", "/v1/resource-definitions/thickrd/resources/romulus", { resource: { props: { StorPoolName: "thick" } } });
    const thick = await call(U, "POST", "/v1/resource-definitions/thickrd/snapshots", { name: "s1" });
    assert.equal(thick.status, 500);
    assert.deepEqual(retCodes(thick.text), [err(CRT, SNAPSHOT, 994)]);
    assert.equal(thick.json[0].message, "Storage driver 'LVM' does not support snapshots.");
    const empty = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "emptyrd" } });
    assert.equal(empty.status, 201);
    // no resources at all: FAIL_NOT_CONNECTED (as LINSTOR 1.34 answers, test/conformance/recorded/snapshot-refusals.json)
    const nothing = await call(U, "POST", "/v1/resource-definitions/emptyrd/snapshots", { name: "s1" });
    assert.equal(nothing.status, 500);
    assert.deepEqual(retCodes(nothing.text), [err(CRT, SNAPSHOT, 995)]);
    assert.equal(nothing.json[0].message, "No diskful connected satellite for snapshot or no resources.");
    const dup = await call(U, "POST", "/v1/resource-definitions/r1/snapshots", { name: "S1" });
    assert.deepEqual(retCodes(dup.text), [err(CRT, SNAPSHOT, 514)]);
  });

  it("rollback before 1.31 (--linstor-version 1.30.0) is refused while a diskful replica lacks the snapshot: 404 FAIL_NOT_FOUND_SNAPSHOT", async () => {
    const old = await startSim({ balance: false, satelliteDelayMs: 1, linstorVersion: "1.30.0" });
    try {
      const V = old.url;
      await call(V, "POST", "/v1/resource-definitions", { resource_definition: { name: "r1" } });
      await call(V, "POST", "/v1/resource-definitions/r1/volume-definitions", { volume_definition: { size_kib: 10240 } });
      await call(V, "POST", "/v1/resource-definitions/r1/resources", ["vulcan", "kronos"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
      await call(V, "POST", "/v1/resource-definitions/r1/snapshots", { name: "only-vulcan", nodes: ["vulcan"] });
      const r = await call(V, "POST", "/v1/resource-definitions/r1/snapshot-rollback/only-vulcan");
      assert.equal(r.status, 404);
      assert.deepEqual(retCodes(r.text), [err(MOD, SNAPSHOT, 315)]);
      assert.equal(r.json[0].message, "Snapshot 'only-vulcan' of resource 'r1' on node 'kronos' not found.");
      assert.ok(r.json[0].cause && r.json[0].correction);
    } finally {
      await old.stop();
    }
  });

  it("rollback since 1.31 is restore-based: a diskful replica without the snapshot is recreated and resyncs", async () => {
    await call(U, "POST", "/v1/resource-definitions/r1/snapshots", { name: "only-vulcan", nodes: ["vulcan"] });
    const before = (await call(U, "GET", "/v1/resource-definitions/r1/resources")).json as { node_name: string; uuid: string }[];
    const r = await call(U, "POST", "/v1/resource-definitions/r1/snapshot-rollback/only-vulcan");
    assert.equal(r.status, 200, r.text);
    const after = (await call(U, "GET", "/v1/resource-definitions/r1/resources")).json as { node_name: string; uuid: string; flags?: string[] }[];
    assert.deepEqual(after.map((x) => x.node_name).sort(), before.map((x) => x.node_name).sort());
    for (const a of after) assert.notEqual(a.uuid, before.find((b) => b.node_name === a.node_name)?.uuid, "every resource is a new object");
    await call(U, "DELETE", "/v1/resource-definitions/r1/snapshots/only-vulcan");
  });

  it("restore into a definition that already has resources: FAIL_EXISTS_RSC", async () => {
    const r = await call(U, "POST", "/v1/resource-definitions/r1/snapshot-restore-resource/s1", { to_resource: "thickrd" });
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), [err(CRT, RSC, 502)]);
    assert.equal(r.json[0].message, "Cannot restore to resource definition which already has resources");
  });

  it("resize: shrinking refused, same size warns, not all UpToDate refused", async () => {
    const shrink = await call(U, "PUT", "/v1/resource-definitions/r1/volume-definitions/0", { size_kib: 1024 });
    assert.equal(shrink.status, 500);
    assert.deepEqual(retCodes(shrink.text), [err(MOD, VLM_DFN, 206)]);
    assert.match(shrink.json[0].message, /^Shrinking volumes is not supported by DRBD/);
    const same = await call(U, "PUT", "/v1/resource-definitions/r1/volume-definitions/0", { size_kib: 10240 });
    assert.equal(same.status, 200);
    assert.ok(retCodes(same.text).includes(BigInt.asIntN(64, 0x8000000000000000n | BigInt(1023)).toString()));
    // a replica that is still resyncing blocks a resize
    await call(U, "POST", "/sim/faults", { kind: "stall-resync", resource: "r1", node: "romulus" });
    await call(U, "PUT", "/sim/data/r1/vulcan/0?offset=0", "some data");
    await call(U, "POST", "/v1/resource-definitions/r1/resources/romulus", { resource: { props: { StorPoolName: "thinpool" } } });
    const notAll = await call(U, "PUT", "/v1/resource-definitions/r1/volume-definitions/0", { size_kib: 20480 });
    assert.equal(notAll.status, 500);
    assert.deepEqual(retCodes(notAll.text), [err(MOD, VLM_DFN, 974)]);
    assert.equal(notAll.json[0].message, "Cannot resize volume, because we have a non-UpToDate DRBD device.");
    await call(U, "DELETE", "/sim/faults");
  });

  it("auto-place beyond the cluster: 500 FAIL_NOT_ENOUGH_NODES with details", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "big" } });
    await call(U, "POST", "/v1/resource-definitions/big/volume-definitions", { volume_definition: { size_kib: 1024 } });
    const r = await call(U, "POST", "/v1/resource-definitions/big/autoplace", { select_filter: { place_count: 5, storage_pool_list: ["thinpool"] } });
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), [err(CRT, RSC, 996)]);
    assert.equal(r.json[0].message, "Not enough available nodes");
    // the text LINSTOR 1.34 sends (test/conformance/recorded/create-and-place.json)
    assert.match(r.json[0].details, /has a deployed storage pool named \[thinpool\]/);
    assert.match(r.json[0].details, /Auto-place configuration details:\n {3}Replica count: 5\n/);
    assert.deepEqual((await call(U, "GET", "/v1/resource-definitions/big/resources")).json, [], "nothing placed");
    const zero = await call(U, "POST", "/v1/resource-groups", { name: "rgzero", select_filter: { place_count: 0 } });
    assert.deepEqual(retCodes(zero.text), [err(CRT, 0x440000n, 219)]);
  });

  it("a pool that is not on the node: 404 FAIL_NOT_FOUND_DFLT_STOR_POOL", async () => {
    const r = await call(U, "POST", "/v1/resource-definitions/big/resources/vulcan", { resource: { props: { StorPoolName: "nosuchpool" } } });
    assert.equal(r.status, 404);
    assert.deepEqual(retCodes(r.text), [err(CRT, RSC, 311)]);
    assert.equal(r.json[0].message, "The storage pool 'nosuchpool' for resource 'big' for volume number '0' is not deployed on node 'vulcan'.");
  });

  it("storage pool in use cannot be deleted; missing things: 404 on GET/modify, WARN on delete", async () => {
    const r = await call(U, "DELETE", "/v1/nodes/vulcan/storage-pools/thinpool");
    assert.equal(r.status, 500);
    assert.match(r.json[0].message, /cannot be deleted as volumes \/ snapshot-volumes are still using it/);
    const g = await call(U, "GET", "/v1/resource-definitions/zzz");
    assert.equal(g.status, 404);
    assert.equal(g.json[0].message, "Resource definition 'zzz' not found.");
    const m = await call(U, "PUT", "/v1/resource-definitions/zzz", { override_props: { a: "b" } });
    assert.deepEqual(retCodes(m.text), [err(MOD, RSC_DFN, 301)]);
    const d = await call(U, "DELETE", "/v1/resource-definitions/r1/resources/nowhere");
    assert.equal(d.status, 200);
    assert.deepEqual(retCodes(d.text), [BigInt.asIntN(64, 0x8000000000000000n | DEL | RSC | 3000n).toString()]);
  });

  it("deleting the last diskful replica while diskless ones depend on it: FAIL_IN_USE", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "lastdisk" } });
    await call(U, "POST", "/v1/resource-definitions/lastdisk/volume-definitions", { volume_definition: { size_kib: 1024 } });
    await call(U, "POST", "/v1/resource-definitions/lastdisk/resources", [
      { resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } },
      { resource: { node_name: "kronos", flags: ["DRBD_DISKLESS"] } },
    ]);
    const r = await call(U, "DELETE", "/v1/resource-definitions/lastdisk/resources/vulcan");
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), [err(DEL, RSC, 997)]);
    assert.equal(r.json[0].message, "Last resource of 'lastdisk' with disk still has diskless resources attached.");
  });

  it("a replica in use (Primary) blocks its delete, the definition's delete and a rollback: FAIL_IN_USE", async () => {
    assert.equal((await call(U, "POST", "/sim/resources/r1/vulcan/in-use", { inUse: true })).status, 200);
    assert.equal((await call(U, "GET", "/v1/view/resources?resources=r1&nodes=vulcan")).json[0].state.in_use, true);
    const d = await call(U, "DELETE", "/v1/resource-definitions/r1/resources/vulcan");
    assert.equal(d.status, 500);
    assert.deepEqual(retCodes(d.text), [err(DEL, RSC, 997)]);
    assert.equal(d.json[0].message, "Resource 'r1' is still in use.");
    assert.equal(d.json[0].cause, "Resource is mounted/in use.");
    assert.equal(d.json[0].correction, "Un-mount resource 'r1' on the node 'vulcan'.");
    await call(U, "DELETE", "/v1/resource-definitions/r1/resources/romulus");
    await call(U, "DELETE", "/v1/resource-definitions/r1/resources/romulus");
    const rb = await call(U, "POST", "/v1/resource-definitions/r1/snapshot-rollback/s1");
    assert.equal(rb.status, 500, rb.text);
    assert.deepEqual(retCodes(rb.text), [err(MOD, SNAPSHOT, 997)]);
    await call(U, "POST", "/sim/resources/r1/vulcan/in-use", { inUse: false });
    assert.equal((await call(U, "POST", "/v1/resource-definitions/r1/snapshot-rollback/s1")).status, 200);
  });

  it("node delete with a replica in use: the in-use entry, then FAIL_NODE_HAS_USED_RSC; the node stays", async () => {
    await call(U, "POST", "/sim/resources/r1/kronos/in-use", { inUse: true });
    const r = await call(U, "DELETE", "/v1/nodes/kronos");
    assert.equal(r.status, 500);
    assert.deepEqual(retCodes(r.text), [BigInt.asIntN(64, 0xc000000000000000n | 997n).toString(), err(DEL, NODE, 233)]);
    assert.equal(r.json[1].message, "Cannot delete node, because it has in use or last diskful resources.");
    assert.equal(r.json[1].cause, "Node 'kronos' cannot be deleted.");
    assert.equal((await call(U, "GET", "/v1/nodes/kronos")).status, 200);
    await call(U, "POST", "/sim/resources/r1/kronos/in-use", { inUse: false });
  });
});
