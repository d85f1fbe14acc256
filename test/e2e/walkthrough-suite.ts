// The seed article, one `pulumi up` per step, with the real engine against the simulator: one set
// of assertions for both front doors (the dynamic resources of a TypeScript program, and the provider
// plugin under a Pulumi YAML program), so both give the same ordered plans, outputs and results.
import * as assert from "assert";
import { TestStack } from "../../harness/pulumi";
import { requireEngine } from "../helpers/prerequisites";
import { pattern, SimEvent, SimHandle, useSimulator } from "../../harness/sim";

/** How a suite runs the walkthrough: a stack against the simulator, and a way to switch steps. */
export interface WalkthroughProgram {
  create(simUrl: string): Promise<TestStack>;
  /** Makes the next run apply step `step` (1-based). */
  setStep(step: number): void;
}

const sorted = (a: unknown): string[] => [...(a as string[])].sort();

/** Lowest UpToDate count of `resource` over the events (the move's redundancy invariant). */
function minUpToDate(events: SimEvent[], resource: string): number {
  const counts = events.filter((e) => e.resource?.toUpperCase() === resource.toUpperCase() && typeof e.upToDate === "number");
  return Math.min(...counts.map((e) => e.upToDate as number));
}

/** Writes a pattern into a replica's volume and returns the volume's checksum afterwards. */
async function writeAndSum(sim: SimHandle, rd: string, node: string, seed: string): Promise<string> {
  await sim.writeData(rd, node, 0, 4096, pattern(seed, 64 * 1024));
  return sim.checksum(rd, node, 0);
}

export function walkthroughSuite(title: string, program: WalkthroughProgram): void {
describe(title, function () {
  this.timeout(600_000);
  // 150 MiB resync in about 1.5 s: long enough to be seen, short enough for CI.
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 100 * 1024 });
  let stack: TestStack;
  const sums: Record<string, string> = {};

  before(async function () {
    requireEngine(this);
    program.setStep(1);
    stack = await program.create(sim().url);
  });
  after(async () => { await stack?.dispose(); });

  it("1: LocalData on vulcan and kronos, storage layer only", async () => {
    const r = await stack.up();
    const local = r.outputs.localData.value as { nodes: string[]; backing: string[] };
    assert.deepStrictEqual(sorted(local.nodes), ["kronos", "vulcan"]);
    assert.deepStrictEqual(local.backing, ["LocalData_00000"]);
    assert.deepStrictEqual(r.ops.LocalData, ["create"]);
    assert.deepStrictEqual(r.ops.vulcan, ["create"], "the seed node is adopted (a create of the Pulumi resource, no LINSTOR create)");
    sums.local = await writeAndSum(sim(), "LocalData", "vulcan", "local-1");
  });

  it("2: SharedData auto-placed on three nodes, ports from 7000, minor 1000", async () => {
    program.setStep(2);
    const r = await stack.up();
    const shared = r.outputs.sharedData.value as { nodes: string[]; port: number; minor: number; device: string; backing: string[] };
    assert.deepStrictEqual(sorted(shared.nodes), ["kronos", "remus", "romulus"]);
    assert.ok(shared.port >= 7000 && shared.port < 8000, `port ${shared.port}`);
    assert.strictEqual(shared.minor, 1000);
    assert.strictEqual(shared.device, "/dev/drbd1000");
    assert.deepStrictEqual(shared.backing, ["SharedData_00000"]);
    sums.shared = await writeAndSum(sim(), "SharedData", "kronos", "shared-2");
    assert.strictEqual(await sim().checksum("LocalData", "vulcan", 0), sums.local);
  });

  it("3a: preview of the move lists the plan in order and changes nothing", async () => {
    program.setStep(3);
    const before = await sim().events();
    await sim().clearRequests();
    const p = await stack.preview();
    const text = p.stdout;
    const add = text.search(/add replica of SharedData on vulcan/i);
    const wait = text.search(/wait until SharedData is UpToDate on vulcan/i);
    const remove = text.search(/remove replica of SharedData from kronos/i);
    assert.ok(add >= 0 && wait > add && remove > wait, `plan lines missing or out of order in:\n${text}`);
    const writes = (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
    assert.deepStrictEqual(writes, [], "preview must not change the controller");
    assert.strictEqual((await sim().events()).length, before.length);
  });

  it("3b: the move adds vulcan, waits for the resync, then removes kronos; never fewer than 3 UpToDate", async () => {
    const from = (await sim().events()).length;
    const r = await stack.up();
    const shared = r.outputs.sharedData.value as { nodes: string[] };
    assert.deepStrictEqual(shared.nodes, ["vulcan", "remus", "romulus"]);
    const events = (await sim().events()).slice(from).filter((e) => e.resource?.toUpperCase() === "SHAREDDATA");
    const added = events.findIndex((e) => /creat/i.test(e.type) && e.node === "vulcan");
    const synced = events.findIndex((e, i) => i > added && e.node === "vulcan" && e.upToDate === 4);
    const removed = events.findIndex((e) => /delet/i.test(e.type) && e.node === "kronos");
    assert.ok(added >= 0 && synced > added && removed > synced, `order add → resync → delete not seen: ${JSON.stringify(events.map((e) => [e.type, e.node, e.upToDate]))}`);
    assert.ok(minUpToDate(events, "SharedData") >= 3, "fewer than three UpToDate replicas during the move");
    assert.strictEqual(await sim().checksum("SharedData", "vulcan", 0), sums.shared);
  });

  it("4: deleting LocalData's definition", async () => {
    program.setStep(4);
    const r = await stack.up();
    assert.deepStrictEqual(r.ops.LocalData, ["delete"]);
    const c = sim().client();
    assert.strictEqual((await c.resourceDefinitions.list()).some((d) => d.name === "LocalData"), false);
    assert.strictEqual(await sim().checksum("SharedData", "remus", 0), sums.shared);
  });

  it("5: Snap1 on romulus and remus", async () => {
    program.setStep(5);
    const r = await stack.up();
    assert.deepStrictEqual(sorted(r.outputs.snap1.value), ["remus", "romulus"]);
  });

  it("6: restore Snap1 into SharedData_Restore", async () => {
    program.setStep(6);
    const r = await stack.up();
    const restored = r.outputs.sharedDataRestore.value as { nodes: string[] };
    assert.deepStrictEqual(sorted(restored.nodes), ["remus", "romulus"]);
    assert.strictEqual(await sim().checksum("SharedData_Restore", "romulus", 0), sums.shared);
  });

  it("7: rollback of SharedData to Snap1, restore-based on LINSTOR 1.34: every replica recreated, vulcan (no snapshot) resyncs", async () => {
    await sim().writeData("SharedData", "remus", 0, 0, pattern("after-snapshot", 8192));
    assert.notStrictEqual(await sim().checksum("SharedData", "remus", 0), sums.shared);
    program.setStep(7);
    const from = (await sim().events()).length;
    const r = await stack.up();
    const shared = r.outputs.sharedData.value as { nodes: string[] };
    assert.deepStrictEqual(shared.nodes, ["vulcan", "remus", "romulus"]);
    const after: Record<string, string> = {};
    for (const node of ["vulcan", "remus", "romulus"]) after[node] = await sim().checksum("SharedData", node, 0);
    assert.deepStrictEqual(after, { vulcan: sums.shared, remus: sums.shared, romulus: sums.shared }, "data after rollback");
    const types = (await sim().events()).slice(from).filter((e) => e.resource?.toUpperCase() === "SHAREDDATA").map((e) => `${e.type}:${e.node ?? ""}`);
    const del = types.findIndex((t) => /delet/i.test(t) && t.endsWith("vulcan"));
    const add = types.findIndex((t, i) => i > del && /creat/i.test(t) && t.endsWith("vulcan"));
    const synced = types.findIndex((t, i) => i > add && /resync-done/.test(t) && t.endsWith("vulcan"));
    assert.ok(del >= 0 && add > del && synced > add && types.some((t) => /rollback/.test(t)), `expected vulcan recreated by the rollback, then resynced: ${types.join(", ")}`);
  });

  it("8: as the YAML walkthrough's step 08: every replica back, the rollback not repeated", async () => {
    program.setStep(8);
    const r = await stack.up();
    const shared = r.outputs.sharedData.value as { nodes: string[]; diskless: string[] };
    assert.deepStrictEqual(sorted(shared.nodes), ["remus", "romulus", "vulcan"]);
    assert.deepStrictEqual(shared.diskless, []);
    for (const [name, ops] of Object.entries(r.ops)) assert.deepStrictEqual(ops, ["same"], `${name}: ${ops} (step 8 changes nothing after step 7)`);
    assert.strictEqual(await sim().checksum("SharedData", "vulcan", 0), sums.shared);
  });

  it("a second up with nothing changed is a no-op", async () => {
    await sim().clearRequests();
    const r = await stack.up();
    for (const [name, ops] of Object.entries(r.ops)) assert.deepStrictEqual(ops, ["same"], `${name}: ${ops}`);
    const writes = (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
    assert.deepStrictEqual(writes, []);
  });

  it("refresh finds no drift: a preview after it plans nothing", async () => {
    await stack.refresh();
    const p = await stack.preview();
    assert.ok(Object.keys(p.ops).length > 0, "the preview reported no resources");
    for (const [name, ops] of Object.entries(p.ops)) assert.deepStrictEqual(ops, ["same"], `${name}: ${ops} after refresh`);
  });

  it("destroy deletes what the walkthrough created and keeps the seed nodes and pools it adopted", async () => {
    const r = await stack.destroy();
    assert.ok(Object.values(r.ops).every((ops) => ops.includes("delete")));
    const c = sim().client();
    assert.deepStrictEqual(await c.resourceDefinitions.list(), []);
    assert.deepStrictEqual((await c.nodes.list()).map((n) => n.name).sort(), ["kronos", "remus", "romulus", "vulcan"]);
    assert.strictEqual((await c.storagePools.view()).filter((p) => p.storage_pool_name === "thinpool").length, 4);
  });
});
}
