// Issue 6, item 8: `pulumi-linstor export` of a live cluster, applied as a NEW stack through the real
// engine and the repository's program, adopts everything: no create (or delete) call reaches the
// controller, and the following preview shows no changes.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../provider/cli";
import { readLive } from "../../provider/client";
import { loadStack } from "../../provider/stack";
import { requireEngine } from "../helpers/prerequisites";
import { scratchYamlStack, type ScratchStack } from "../../scripts/gitops";
import { useSimulator } from "../../harness/sim";

/** A cluster with a bit of everything the format has: group, props, two volumes, a client, a tie-breaker, a snapshot. */
const BUILD = `adopt: true
nodes:
  vulcan: { address: 192.168.122.11, props: { Aux/rack: r1 } }
  kronos: { address: 192.168.122.12 }
  remus: { address: 192.168.122.13 }
  romulus: { address: 192.168.122.14 }
storagePools:
  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, kronos, remus, romulus] }
resourceGroups:
  replicated:
    description: three copies on thin pools
    placement: { placeCount: 3, storagePools: [thinpool] }
    props: { Aux/team: storage }
resources:
  LocalData: { layers: [storage], volumes: [150m], nodes: [vulcan, kronos], storagePool: thinpool }
  SharedData:
    group: replicated
    layers: [drbd, storage]
    volumes: [150m, { size: 64m, props: { Aux/purpose: logs } }]
    nodes: [vulcan, remus, romulus]
    storagePool: thinpool
    diskless: [kronos]
    props: { DrbdOptions/Net/protocol: C }
    replicaProps: { Aux/backup: daily }
    snapshots:
      Snap1: { nodes: [remus, romulus] }
  Pair: { layers: [drbd, storage], volumes: [32m], nodes: [remus, romulus], storagePool: thinpool }
`;

describe("export of a live cluster, applied as a new stack (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1024 * 1024 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-export-"));
  const built = path.join(dir, "built.yaml");
  const exported = path.join(dir, "exported.yaml");
  const stacks: ScratchStack[] = [];

  before(async function () {
    requireEngine(this);
    fs.writeFileSync(built, BUILD);
    const builder = await scratchYamlStack(sim().url, built, "export-build");
    stacks.push(builder);
    await builder.stack.up();
  });
  after(async () => {
    for (const s of stacks) await s.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("export writes a valid adopting stack of the cluster (tie-breaker left to the controller)", async () => {
    const live = await readLive(sim().client());
    const tieBreakers = live.resources.filter((r) => r.resource === "Pair" && r.tieBreaker).map((r) => r.node);
    assert.strictEqual(tieBreakers.length, 1, "the controller should have given Pair a tie-breaker");

    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["export", "--endpoint", sim().url, "-o", exported], { out: (l) => out.push(l), err: (l) => err.push(l) });
    assert.strictEqual(code, 0, err.join("\n"));
    const text = fs.readFileSync(exported, "utf8");
    assert.match(text, /^# yaml-language-server: \$schema=\S+stack\.schema\.json\n/);
    assert.ok(fs.existsSync(path.resolve(dir, /\$schema=(\S+)/.exec(text)![1])), "the schema line points at the schema file");

    const { adopt, desired } = loadStack(exported);
    assert.strictEqual(adopt, true);
    const resources = Object.fromEntries((desired.resources ?? []).map((r) => [r.resource, r]));
    assert.deepStrictEqual(resources.Pair, { resource: "Pair", nodes: ["remus", "romulus"], storagePool: "thinpool" });
    assert.deepStrictEqual(resources.SharedData, {
      resource: "SharedData", nodes: ["remus", "romulus", "vulcan"], storagePool: "thinpool", diskless: ["kronos"], props: { "Aux/backup": "daily" },
    });
    assert.deepStrictEqual(resources.LocalData.nodes, ["kronos", "vulcan"]);
    assert.deepStrictEqual(desired.snapshots, [{ resource: "SharedData", name: "Snap1", nodes: ["remus", "romulus"] }]);
    assert.deepStrictEqual(desired.resourceGroups, [{
      name: "replicated", description: "three copies on thin pools", placement: { placeCount: 3, storagePools: ["thinpool"] }, props: { "Aux/team": "storage" },
    }]);
    assert.deepStrictEqual(desired.volumeDefinitions?.filter((v) => v.resource === "SharedData"), [
      { resource: "SharedData", number: 0, sizeKib: 153600 },
      { resource: "SharedData", number: 1, sizeKib: 65536, props: { "Aux/purpose": "logs" } },
    ]);
    assert.deepStrictEqual(desired.nodes?.find((n) => n.name === "vulcan")?.props, { "Aux/rack": "r1" });
    assert.ok(!/CurStltConnName|NodeUname|StorPoolName|pulumi-linstor\/managed-props/.test(text), text);
  });

  it("applied as a new stack it adopts everything: no create or delete call; then preview shows no changes", async () => {
    const adopter = await scratchYamlStack(sim().url, exported, "export-adopt");
    stacks.push(adopter);
    const eventsBefore = (await sim().events()).length;
    await sim().clearRequests();
    const up = await adopter.stack.up();
    assert.ok((up.summary.resourceChanges?.create ?? 0) > 0, "the new stack should have taken objects over");
    const calls = (await sim().requests()).log.filter((l) => l.path.startsWith("/v1/"));
    const createsOrDeletes = calls.filter((l) => l.method === "POST" || l.method === "DELETE");
    assert.deepStrictEqual(createsOrDeletes, [], `adopting sent: ${JSON.stringify(createsOrDeletes)}`);
    const changedObjects = (await sim().events()).slice(eventsBefore).filter((e) => /creat|delet/i.test(e.type));
    assert.deepStrictEqual(changedObjects, []);

    const preview = await adopter.stack.preview();
    const changes = Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && n > 0);
    assert.deepStrictEqual(changes, [], `preview after adopting: ${JSON.stringify(preview.changeSummary)}`);
  });
});
