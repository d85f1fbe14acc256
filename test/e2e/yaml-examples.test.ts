// Issue 6: the seed walkthrough's YAML stacks, each validated and applied in sequence by the real
// engine running the repository's program (index.ts + Pulumi.yaml), against the simulator; the
// cluster is checked through the client after every step. Broken stacks fail `pulumi up` with their
// positioned errors and leave the cluster untouched, before and after the walkthrough has built it.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../provider/cli";
import { readLive } from "../../provider/client";
import type { LiveCluster, LiveReplica } from "../../provider/model/types";
import { checkStackFile } from "../../provider/stack";
import { repoRoot } from "../../scripts/engine";
import { requireEngine } from "../helpers/prerequisites";
import { scratchYamlStack, type ScratchStack } from "../../scripts/gitops";
import { BROKEN_CASES } from "../stack/broken-cases";
import { pattern, useSimulator } from "../../harness/sim";

const STEPS = path.join(repoRoot, "examples", "seed-walkthrough");
const stepFile = (prefix: string): string => path.join(STEPS, fs.readdirSync(STEPS).find((f) => f.startsWith(prefix)) as string);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const replicasOf = (live: LiveCluster, rd: string): LiveReplica[] => live.resources.filter((r) => same(r.resource, rd) && !r.deleting);
const diskful = (live: LiveCluster, rd: string): string[] => replicasOf(live, rd).filter((r) => !r.diskless).map((r) => r.node).sort();
const definition = (live: LiveCluster, rd: string) => live.resourceDefinitions.find((d) => same(d.name, rd));

describe("seed walkthrough YAML stacks through the repository's program (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 200 * 1024 });
  let run: ScratchStack | undefined;
  const brokenDir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-broken-"));
  let sharedSum = "";

  before(async function () {
    requireEngine(this);
    run = await scratchYamlStack(sim().url, stepFile("01-"), "yaml");
  });
  after(async () => {
    await run?.dispose();
    fs.rmSync(brokenDir, { recursive: true, force: true });
  });

  async function apply(prefix: string): Promise<LiveCluster> {
    const file = stepFile(prefix);
    const check = checkStackFile(file);
    assert.ok(check.ok, `${file} does not validate: ${check.ok ? "" : check.problems.map((p) => p.message).join("; ")}`);
    await run!.stack.setConfig("linstor:stack", { value: file });
    await run!.stack.up();
    return readLive(sim().client());
  }

  /** `pulumi up` of a broken stack: it fails with exactly the loader's positioned lines; the cluster sees no write. */
  async function upFailsUntouched(caseName: string): Promise<void> {
    const broken = BROKEN_CASES.find((c) => c.name === caseName);
    assert.ok(broken, `no broken case "${caseName}"`);
    const file = path.join(brokenDir, `${caseName.replace(/\W+/g, "-")}.yaml`);
    fs.writeFileSync(file, broken.yaml);
    const eventsBefore = (await sim().events()).length;
    await sim().clearRequests();
    await run!.stack.setConfig("linstor:stack", { value: file });
    let message = "";
    await run!.stack.up().then(
      () => assert.fail(`pulumi up of the broken stack "${caseName}" succeeded`),
      (err: unknown) => { message = String((err as Error).message); },
    );
    for (const line of broken.errors) {
      const expected = line.replace(/^stack\.yaml:/, `${file}:`);
      assert.ok(message.includes(expected), `the engine's error lacks\n  ${expected}\nin:\n${message}`);
    }
    const writes = (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
    assert.deepStrictEqual(writes, [], `a broken stack sent writes to the controller: ${JSON.stringify(writes)}`);
    assert.strictEqual((await sim().events()).length, eventsBefore, "the simulator's event log changed");
  }

  it("broken stacks on the seed cluster: up fails with every positioned error, nothing reaches the controller", async () => {
    await upFailsUntouched("YAML syntax: unclosed flow map");
    await upFailsUntouched("node without address");
  });

  it("01: LocalData, storage layer only, on vulcan and kronos; the seed nodes and pools adopted", async () => {
    const live = await apply("01-");
    assert.deepStrictEqual(diskful(live, "LocalData"), ["kronos", "vulcan"]);
    assert.deepStrictEqual(definition(live, "LocalData")?.layerStack, ["STORAGE"]);
    assert.strictEqual(definition(live, "LocalData")?.volumes[0].sizeKib, 150 * 1024);
    assert.ok(replicasOf(live, "LocalData").every((r) => r.storagePool === "thinpool"));
    assert.deepStrictEqual(live.nodes.map((n) => n.name).sort(), ["kronos", "remus", "romulus", "vulcan"]);
  });

  it("02: SharedData auto-placed on three nodes with DRBD", async () => {
    const live = await apply("02-");
    assert.strictEqual(diskful(live, "SharedData").length, 3, `diskful: ${diskful(live, "SharedData").join(", ")}`);
    assert.deepStrictEqual(definition(live, "SharedData")?.layerStack, ["DRBD", "STORAGE"]);
    assert.deepStrictEqual(diskful(live, "LocalData"), ["kronos", "vulcan"]);
    const node = diskful(live, "SharedData")[0];
    await sim().writeData("SharedData", node, 0, 0, pattern("yaml-shared", 64 * 1024));
    sharedSum = await sim().checksum("SharedData", node, 0);
  });

  it("a broken stack after the walkthrough started: up fails, the applied cluster is untouched", async () => {
    await upFailsUntouched("a node listed twice");
  });

  it("03: SharedData moves from kronos to vulcan, the data comes along", async () => {
    const live = await apply("03-");
    assert.deepStrictEqual(diskful(live, "SharedData"), ["remus", "romulus", "vulcan"]);
    assert.strictEqual(await sim().checksum("SharedData", "vulcan", 0), sharedSum);
  });

  it("04: LocalData deleted", async () => {
    const live = await apply("04-");
    assert.strictEqual(definition(live, "LocalData"), undefined);
    assert.deepStrictEqual(replicasOf(live, "LocalData"), []);
    assert.deepStrictEqual(diskful(live, "SharedData"), ["remus", "romulus", "vulcan"]);
  });

  it("05: Snap1 of SharedData on romulus and remus", async () => {
    const live = await apply("05-");
    const snap = live.snapshots.find((s) => same(s.resource, "SharedData") && s.name === "Snap1");
    assert.ok(snap, "no Snap1");
    assert.deepStrictEqual([...snap.nodes].sort(), ["remus", "romulus"]);
  });

  it("06: SharedData_Restore restored from Snap1 on romulus and remus", async () => {
    const live = await apply("06-");
    assert.deepStrictEqual(diskful(live, "SharedData_Restore"), ["remus", "romulus"]);
    assert.strictEqual(await sim().checksum("SharedData_Restore", "romulus", 0), sharedSum);
  });

  it("07: rollback of SharedData to Snap1 brings back the snapshot's data; vulcan keeps its replica", async () => {
    await sim().writeData("SharedData", "remus", 0, 0, pattern("after-snapshot", 8192));
    assert.notStrictEqual(await sim().checksum("SharedData", "remus", 0), sharedSum);
    const live = await apply("07-");
    assert.deepStrictEqual(diskful(live, "SharedData"), ["remus", "romulus", "vulcan"]);
    assert.strictEqual(await sim().checksum("SharedData", "remus", 0), sharedSum);
  });

  it("08: the unchanged trigger rolls back nothing; the cluster is as step 7 left it", async () => {
    await sim().writeData("SharedData", "remus", 0, 0, pattern("after-rollback", 8192));
    const changed = await sim().checksum("SharedData", "remus", 0);
    const live = await apply("08-");
    assert.deepStrictEqual(diskful(live, "SharedData"), ["remus", "romulus", "vulcan"]);
    assert.deepStrictEqual(diskful(live, "SharedData_Restore"), ["remus", "romulus"]);
    assert.strictEqual(await sim().checksum("SharedData", "remus", 0), changed, "step 8 rolled back again");
  });
  it("export of the cluster the walkthrough left, applied as a new stack, adopts it: no create call, then an empty preview", async () => {
    const exported = path.join(brokenDir, "exported.yaml");
    const err: string[] = [];
    const code = await main(["export", "--endpoint", sim().url, "-o", exported], { out: () => undefined, err: (l) => err.push(l) });
    assert.strictEqual(code, 0, err.join("\n"));
    const adopter = await scratchYamlStack(sim().url, exported, "yaml-adopt");
    try {
      await sim().clearRequests();
      await adopter.stack.up();
      const createsOrDeletes = (await sim().requests()).log.filter((l) => l.path.startsWith("/v1/") && (l.method === "POST" || l.method === "DELETE"));
      assert.deepStrictEqual(createsOrDeletes, []);
      const preview = await adopter.stack.preview();
      const changes = Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && n > 0);
      assert.deepStrictEqual(changes, [], `preview after adopting: ${JSON.stringify(preview.changeSummary)}`);
    } finally {
      await adopter.dispose();
    }
  });
});
