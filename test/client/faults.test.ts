// Transient faults over HTTP: retries under injected 503s and dropped connections, only where a
// repeat cannot act twice; failover across controllers; timeouts; no credentials in errors.

import * as assert from "assert";
import * as net from "net";
import { anyIs, Codes, Masks, LinstorApiError, LinstorClient, LinstorConnectionError } from "../../provider/client";
import { useSimulator } from "../../harness/sim";

const MiB = 1024;

/** A port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function requestsTo(sim: ReturnType<ReturnType<typeof useSimulator>>, method: string, path: string): Promise<number> {
  const log = (await sim.requests()).log;
  return log.filter((e) => e.method === method && e.path.split("?")[0] === path).length;
}

describe("LinstorClient under faults", function () {
  const sim = useSimulator({ resyncRateKibPerSec: 1 << 30, balance: false });
  let c: LinstorClient;
  beforeEach(async () => {
    c = sim().client({ retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    await sim().clearFaults();
    await sim().clearRequests();
  });

  it("retries a GET through two injected 503s", async () => {
    await sim().fault({ kind: "error", status: 503, method: "GET", path: "^/v1/nodes$", count: 2 });
    assert.strictEqual((await c.nodes.list()).length, 4);
    assert.strictEqual(c.stats().byRoute["GET /v1/nodes"], 3);
    assert.strictEqual(await requestsTo(sim(), "GET", "/v1/nodes"), 3);
  });

  it("retries a GET whose connection was dropped", async () => {
    await sim().fault({ kind: "drop", method: "GET", path: "^/v1/view/storage-pools", count: 1 });
    assert.ok((await c.storagePools.view()).length >= 4);
    assert.strictEqual(c.stats().byRoute["GET /v1/view/storage-pools"], 2);
  });

  it("asks a GET again when the controller answers 500 (a real 1.34 controller throws inside /v1/view/storage-pools while a pool is deleted)", async () => {
    await sim().fault({ kind: "error", status: 500, method: "GET", path: "^/v1/view/storage-pools", count: 2 });
    assert.ok((await c.storagePools.view()).length >= 4);
    assert.strictEqual(c.stats().byRoute["GET /v1/view/storage-pools"], 3);
  });

  it("a GET that keeps failing with 500 gives the controller's error after a few attempts", async () => {
    await sim().fault({ kind: "error", status: 500, method: "GET", path: "^/v1/nodes$", count: 10 });
    await assert.rejects(c.nodes.list(), (e: unknown) => e instanceof LinstorApiError && /Injected fault/.test(e.message));
    assert.strictEqual(c.stats().byRoute["GET /v1/nodes"], 3);
  });

  it("a write answered 500 with a LINSTOR error list is the controller's verdict: never sent again", async () => {
    await sim().fault({ kind: "error", status: 500, method: "POST", path: "^/v1/resource-definitions$", count: 1 });
    await assert.rejects(c.resourceDefinitions.create({ resource_definition: { name: "refused500" } }), LinstorApiError);
    assert.strictEqual(await requestsTo(sim(), "POST", "/v1/resource-definitions"), 1);
  });

  it("gives up after the attempt budget with a LinstorConnectionError", async () => {
    await sim().fault({ kind: "error", status: 503, method: "GET", path: "^/v1/resource-groups$", count: 10 });
    await assert.rejects(c.resourceGroups.list(), (e: unknown) => {
      assert.ok(e instanceof LinstorConnectionError);
      assert.strictEqual(e.code, "HTTP_503");
      assert.strictEqual(e.attempts, 4);
      return true;
    });
  });

  it("a create whose answer was lost is verified with a GET, not sent twice", async () => {
    await sim().fault({ kind: "drop", method: "POST", path: "^/v1/resource-definitions$", count: 1, after: true });
    const rcs = await c.resourceDefinitions.create({ resource_definition: { name: "lost1" } });
    assert.ok(anyIs(rcs, Masks.INFO_NOOP), "the client reports that an earlier attempt had landed");
    assert.strictEqual(await requestsTo(sim(), "POST", "/v1/resource-definitions"), 1);
    assert.ok(await c.resourceDefinitions.exists("lost1"));
  });

  it("a repeated create answered FAIL_EXISTS is confirmed with a GET when the first check could not tell", async () => {
    await sim().fault({ kind: "drop", method: "POST", path: "^/v1/resource-definitions$", count: 1, after: true });
    await sim().fault({ kind: "error", status: 503, method: "GET", path: "^/v1/resource-definitions/lost2$", count: 4 });
    const rcs = await c.resourceDefinitions.create({ resource_definition: { name: "lost2" } });
    assert.ok(anyIs(rcs, Masks.INFO_NOOP));
    assert.strictEqual(await requestsTo(sim(), "POST", "/v1/resource-definitions"), 2);
    await c.resourceDefinitions.delete("lost2");
  });

  it("a create that did not land is repeated after the GET check", async () => {
    await sim().fault({ kind: "error", status: 503, method: "POST", path: "^/v1/resource-definitions/lost1/volume-definitions$", count: 1 });
    const rcs = await c.volumeDefinitions.create("lost1", { volume_definition: { volume_number: 0, size_kib: 4 * MiB } });
    assert.ok(rcs.some((r) => r.code === Codes.CREATED));
    assert.strictEqual(await requestsTo(sim(), "POST", "/v1/resource-definitions/lost1/volume-definitions"), 2);
  });

  it("a resource create is repeated safely (the repeat is INFO already-exists)", async () => {
    await sim().fault({ kind: "drop", method: "POST", path: "^/v1/resource-definitions/lost1/resources$", count: 1, after: true });
    const rcs = await c.resources.create("lost1", [{ resource: { node_name: "remus", props: { StorPoolName: "thinpool" } } }]);
    assert.ok(anyIs(rcs, Masks.INFO_RSC_ALREADY_EXISTS));
    assert.strictEqual(await requestsTo(sim(), "POST", "/v1/resource-definitions/lost1/resources"), 2);
  });

  it("a toggle-disk whose answer was lost is resolved by reading the replica back, not sent twice", async () => {
    await c.resources.create("lost1", [{ resource: { node_name: "kronos", flags: ["DRBD_DISKLESS"] } }]);
    await sim().clearRequests();
    await sim().fault({ kind: "drop", method: "PUT", path: "toggle-disk", count: 1, after: true });
    const rcs = await c.resources.toggleDisk("lost1", "kronos", { operation: "INTO_DRBD_DISKFUL", storage_pool: "thinpool" });
    assert.ok(anyIs(rcs, Masks.INFO_NOOP), "the client reports that the first attempt had landed");
    assert.strictEqual(await requestsTo(sim(), "PUT", "/v1/resource-definitions/lost1/resources/kronos/toggle-disk"), 1);
    const flags = (await c.resources.get("lost1", "kronos")).flags ?? [];
    assert.ok(!flags.includes("DRBD_DISKLESS") || flags.some((f) => f.startsWith("DISK_ADD")), `kronos is still diskless: ${flags.join(",")}`);
  });

  it("a volume definition without a number and an additional auto-place whose answers were lost are counted, not repeated", async () => {
    await c.resourceDefinitions.create({ resource_definition: { name: "lost3" } });
    await sim().clearRequests();
    await sim().fault({ kind: "drop", method: "POST", path: "^/v1/resource-definitions/lost3/volume-definitions$", count: 1, after: true });
    await c.volumeDefinitions.create("lost3", { volume_definition: { size_kib: 4 * MiB } });
    assert.strictEqual((await c.volumeDefinitions.list("lost3")).length, 1, "one volume, not two");
    await c.resources.create("lost3", [{ resource: { node_name: "remus", props: { StorPoolName: "thinpool" } } }]);
    await sim().fault({ kind: "drop", method: "POST", path: "^/v1/resource-definitions/lost3/autoplace$", count: 1, after: true });
    await c.resources.autoPlace("lost3", { select_filter: { additional_place_count: 1, storage_pool: "thinpool" } });
    const diskful = (await c.resources.list("lost3")).filter((r) => !(r.flags ?? []).some((f) => f.includes("DISKLESS")));
    assert.strictEqual(diskful.length, 2, "one replica added, not two");
    assert.strictEqual(await requestsTo(sim(), "POST", "/v1/resource-definitions/lost3/autoplace"), 1);
    await c.resourceDefinitions.delete("lost3");
  });

  it("a rollback whose answer was lost is resolved, never fails the call (restore-based: by the recreated resources)", async () => {
    await c.snapshots.create("lost1", { name: "s1" });
    await sim().clearRequests();
    await sim().fault({ kind: "drop", method: "POST", path: "snapshot-rollback", count: 1, after: true });
    await c.snapshots.rollback("lost1", "s1");
    const sent = await requestsTo(sim(), "POST", "/v1/resource-definitions/lost1/snapshot-rollback/s1");
    assert.ok(sent === 1 || sent === 2, `rollback sent ${sent} times`);
    assert.ok((await c.resources.list("lost1")).length > 0, "the resource is there after the rollback");
    await sim().clearFaults();
    await c.snapshots.delete("lost1", "s1");
    await c.resourceDefinitions.delete("lost1");
  });

  it("fails over from a controller that is down to the next one, and stays there", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const fo = new LinstorClient({ endpoint: [dead, sim().url], env: {}, retry: { baseDelayMs: 5 } });
    assert.strictEqual(fo.endpoint, dead);
    assert.ok((await fo.controller.version()).version);
    assert.strictEqual(fo.endpoint, sim().url);
    assert.strictEqual(fo.stats().total, 2, "one refused connect, one answer");
    await fo.nodes.list();
    assert.strictEqual(fo.stats().total, 3, "sticks to the controller that works");
  });

  it("reads LS_CONTROLLERS (linstor:// scheme) with failover", async () => {
    const fo = new LinstorClient({ env: { LS_CONTROLLERS: `linstor://127.0.0.1:${await closedPort()},linstor://127.0.0.1:${sim().port}` } });
    assert.ok((await fo.controller.version()).version);
    assert.strictEqual(fo.endpoint, `http://127.0.0.1:${sim().port}`);
  });

  it("times out a slow call per the per-call timeout", async () => {
    await sim().fault({ kind: "latency", ms: 1500, method: "GET", path: "^/v1/controller/version$", count: 1 });
    const slow = sim().client({ timeoutMs: 200, retry: { attempts: 1 } });
    await assert.rejects(slow.controller.version(), (e: unknown) => e instanceof LinstorConnectionError && e.code === "ECONNABORTED");
    // withTimeout: one call with a shorter budget, on the same connection and counters.
    await sim().fault({ kind: "latency", ms: 1500, method: "GET", path: "^/v1/nodes$", count: 1 });
    const patient = sim().client({ retry: { attempts: 1 } });
    await assert.rejects(patient.withTimeout(200).nodes.list(), (e: unknown) => e instanceof LinstorConnectionError && e.code === "ECONNABORTED");
    assert.strictEqual(patient.stats().byRoute["GET /v1/nodes"], 1);
  });

  it("keeps credentials out of every error", async () => {
    const secret = "hunter2-very-secret";
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const cl = new LinstorClient({ endpoint: `http://admin:${secret}@127.0.0.1:${(new URL(dead)).port}`, env: {}, retry: { attempts: 2, baseDelayMs: 1 } });
    const err = await cl.nodes.list().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof LinstorConnectionError);
    const everything = `${String(err)} ${err.stack ?? ""} ${JSON.stringify(err)} ${JSON.stringify(Object.entries(err))}`;
    assert.ok(!everything.includes(secret));
    assert.ok(!everything.includes(Buffer.from(`admin:${secret}`).toString("base64")));
    const token = new LinstorClient({ endpoint: dead, bearerToken: secret, env: {}, retry: { attempts: 1 } });
    const err2 = await token.nodes.list().then(() => undefined, (e: unknown) => e);
    assert.ok(!`${String(err2)} ${JSON.stringify(err2)}`.includes(secret));
  });
});
