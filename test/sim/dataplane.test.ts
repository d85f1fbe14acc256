// The data plane proves nothing is lost: bytes written to one replica reach its UpToDate peers
// (protocol C), a new replica gets them by resync, snapshots freeze them, restore and rollback
// bring them back. The event log shows a move never dipped below 3 UpToDate replicas.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { useSimulator } from "../../harness/sim";
import { call, callBytes, waitFor } from "./helpers";

const SIZE_KIB = 4096;

function sha(buf: Buffer): string {
  return createHash("sha256").update(buf).digest("hex");
}

/** The expected whole-volume image: zeros with the given writes applied. */
function image(writes: [number, string][]): Buffer {
  const b = Buffer.alloc(SIZE_KIB * 1024);
  for (const [off, s] of writes) Buffer.from(s).copy(b, off);
  return b;
}

async function checksum(U: string, rd: string, node: string): Promise<string> {
  const r = await call(U, "GET", `/sim/data/${rd}/${node}/0/checksum`);
  assert.equal(r.status, 200, r.text);
  return r.json.sha256;
}

describe("linstor-sim data plane through resync, snapshot, restore and rollback", function () {
  const sim = useSimulator({ seedCluster: true, balance: false, satelliteDelayMs: 1, resyncRateKibPerSec: 8192 });
  let U: string;
  before(async () => {
    U = sim().url;
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "d1" } });
    await call(U, "POST", "/v1/resource-definitions/d1/volume-definitions", { volume_definition: { size_kib: SIZE_KIB } });
    const r = await call(U, "POST", "/v1/resource-definitions/d1/resources", ["vulcan", "kronos", "remus"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    assert.equal(r.status, 201);
  });

  it("writes replicate to every UpToDate diskful peer; reads return the bytes; thin pools account allocated space", async () => {
    const before = (await call(U, "GET", "/v1/nodes/kronos/storage-pools/thinpool")).json.free_capacity;
    const w = await call(U, "PUT", "/sim/data/d1/vulcan/0?offset=1048576", "hello replicated world");
    assert.equal(w.status, 200, w.text);
    assert.deepEqual(w.json.replicas.sort(), ["kronos", "remus", "vulcan"]);
    const got = await callBytes(U, "/sim/data/d1/kronos/0?offset=1048576&length=22");
    assert.equal(got.toString(), "hello replicated world");
    const expected = sha(image([[1048576, "hello replicated world"]]));
    for (const n of ["vulcan", "kronos", "remus"]) assert.equal(await checksum(U, "d1", n), expected);
    const afterFree = (await call(U, "GET", "/v1/nodes/kronos/storage-pools/thinpool")).json.free_capacity;
    assert.ok(afterFree < before, `thin free space falls with data (${before} → ${afterFree})`);
    const diskless = await call(U, "PUT", "/sim/data/d1/romulus/0?offset=0", "x");
    assert.equal(diskless.status, 404);
  });

  it("a replica added to a definition holding data resyncs (Inconsistent → SyncTarget(x%) → UpToDate) and gets the bytes; a move never dips below 3", async () => {
    const since = (await call(U, "GET", "/sim/events")).json.pop().seq;
    assert.equal((await call(U, "POST", "/v1/resource-definitions/d1/resources/romulus", { resource: { props: { StorPoolName: "thinpool" } } })).status, 201);
    const first = await call(U, "GET", "/v1/view/resources?resources=d1&nodes=romulus");
    assert.match(first.json[0].volumes[0].state.disk_state, /^(Inconsistent|SyncTarget\(\d+\.\d\d%\))$/);
    const seen = new Set<string>();
    await waitFor("romulus UpToDate", async () => {
      // sync-status first: a resync never goes backwards, so if the view taken after it still
      // shows SyncTarget, the status must have said "not synced" (no race with the resync's end).
      const status = (await call(U, "GET", "/v1/resource-definitions/d1/sync-status")).json;
      const v = await call(U, "GET", "/v1/view/resources?resources=d1&nodes=romulus");
      const st = v.json[0].volumes[0].state.disk_state as string;
      seen.add(st.replace(/\(.*\)/, "(%)"));
      if (st.startsWith("SyncTarget(")) {
        const rs = Object.values(v.json[0].volumes[0].state.replication_states) as { replication_state: string; done_percentage?: number }[];
        assert.ok(rs.some((x) => x.replication_state === "SyncTarget" && typeof x.done_percentage === "number"));
        assert.deepEqual(status, { synced_on_all: false });
      }
      return st === "UpToDate";
    });
    assert.ok(seen.has("SyncTarget(%)"), [...seen].join());
    assert.equal(await checksum(U, "d1", "romulus"), await checksum(U, "d1", "vulcan"));
    // finish the move: vulcan leaves only after romulus is UpToDate
    assert.equal((await call(U, "DELETE", "/v1/resource-definitions/d1/resources/vulcan")).status, 200);
    const ev = (await call(U, "GET", `/sim/events?since=${since}`)).json as { type: string; resource?: string; upToDate?: number }[];
    const mine = ev.filter((e) => e.resource === "d1");
    assert.ok(mine.some((e) => e.type === "resync-start") && mine.some((e) => e.type === "resync-done"));
    assert.ok(mine.every((e) => (e.upToDate as number) >= 3), JSON.stringify(mine.map((e) => [e.type, e.upToDate])));
  });

  it("snapshot freezes the bytes; later writes do not change it; rollback brings them back", async () => {
    assert.equal((await call(U, "POST", "/v1/resource-definitions/d1/snapshots", { name: "snapA" })).status, 201);
    const frozen = await checksum(U, "d1", "kronos");
    await call(U, "PUT", "/sim/data/d1/kronos/0?offset=0", "written after the snapshot");
    assert.notEqual(await checksum(U, "d1", "remus"), frozen);
    const rb = await call(U, "POST", "/v1/resource-definitions/d1/snapshot-rollback/snapA");
    assert.equal(rb.status, 200, rb.text);
    for (const n of ["kronos", "remus", "romulus"]) assert.equal(await checksum(U, "d1", n), frozen);
  });

  it("restore into a new definition brings the snapshot's bytes onto every restored replica", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "d1copy" } });
    assert.equal((await call(U, "POST", "/v1/resource-definitions/d1/snapshot-restore-volume-definition/snapA", { to_resource: "d1copy" })).status, 200);
    const r = await call(U, "POST", "/v1/resource-definitions/d1/snapshot-restore-resource/snapA", { to_resource: "d1copy", nodes: ["kronos", "remus"] });
    assert.equal(r.status, 200, r.text);
    const expected = sha(image([[1048576, "hello replicated world"]]));
    assert.equal(await checksum(U, "d1copy", "kronos"), expected);
    assert.equal(await checksum(U, "d1copy", "remus"), expected);
    const vs = await call(U, "GET", "/v1/view/resources?resources=d1copy");
    assert.ok(vs.json.filter((x: { flags?: string[] }) => !(x.flags ?? []).includes("DISKLESS")).every((x: { volumes: { state: { disk_state: string } }[] }) => x.volumes[0].state.disk_state === "UpToDate"));
  });

  it("a write while a peer is offline leaves it Outdated; back online it resyncs to the same bytes", async () => {
    await call(U, "POST", "/sim/nodes/remus/offline");
    assert.equal((await call(U, "PUT", "/sim/data/d1/kronos/0?offset=2048", "while remus was away")).status, 200);
    await call(U, "POST", "/sim/nodes/remus/online");
    await waitFor("remus resynced", async () => (await call(U, "GET", "/v1/view/resources?resources=d1&nodes=remus")).json[0].volumes[0].state.disk_state === "UpToDate");
    assert.equal(await checksum(U, "d1", "remus"), await checksum(U, "d1", "kronos"));
    const ev = (await call(U, "GET", "/sim/events")).json as { type: string; node?: string; detail?: string }[];
    assert.ok(ev.some((e) => e.type === "disk-state" && e.node === "remus" && e.detail === "Outdated"));
  });

  it("several volumes: each resyncs on its own; a grown volume keeps its bytes; a deleted volume definition takes its volumes", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "mv" } });
    await call(U, "POST", "/v1/resource-definitions/mv/volume-definitions", { volume_definition: { size_kib: 1024 } });
    await call(U, "POST", "/v1/resource-definitions/mv/volume-definitions", { volume_definition: { size_kib: 2048 } });
    await call(U, "POST", "/v1/resource-definitions/mv/resources", ["vulcan", "kronos", "remus"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    const minors = (await call(U, "GET", "/v1/resource-definitions/mv/volume-definitions")).json.map((v: { layer_data: { data?: { minor_number: number } }[] }) => v.layer_data[0].data?.minor_number);
    assert.equal(new Set(minors).size, 2, "one minor per volume definition");
    await call(U, "PUT", "/sim/data/mv/vulcan/1?offset=1000", "volume one");
    await call(U, "POST", "/v1/resource-definitions/mv/resources/romulus", { resource: { props: { StorPoolName: "thinpool" } } });
    await waitFor("romulus UpToDate on both volumes", async () =>
      (await call(U, "GET", "/v1/view/resources?resources=mv&nodes=romulus")).json[0].volumes.every((v: { state: { disk_state: string } }) => v.state.disk_state === "UpToDate"),
    );
    const one = (await call(U, "GET", "/sim/data/mv/vulcan/1/checksum")).json.sha256;
    assert.equal((await call(U, "GET", "/sim/data/mv/romulus/1/checksum")).json.sha256, one);
    assert.equal((await call(U, "PUT", "/v1/resource-definitions/mv/volume-definitions/1", { size_kib: 4096 })).status, 200);
    assert.equal((await callBytes(U, "/sim/data/mv/romulus/1?offset=1000&length=10")).toString(), "volume one");
    assert.equal((await callBytes(U, "/sim/data/mv/romulus/1?offset=4000000&length=4")).length, 4, "the grown part is readable");
    assert.equal((await call(U, "DELETE", "/v1/resource-definitions/mv/volume-definitions/0")).status, 200);
    const vols = (await call(U, "GET", "/v1/view/resources?resources=mv&nodes=vulcan")).json[0].volumes;
    assert.deepEqual(vols.map((v: { volume_number: number }) => v.volume_number), [1]);
    assert.equal((await call(U, "GET", "/sim/data/mv/vulcan/0/checksum")).status, 404);
  });
});
