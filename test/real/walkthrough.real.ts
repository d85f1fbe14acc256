// The seed walkthrough's STORAGE-only steps (01: LocalData on two nodes; 04: LocalData deleted)
// through `pulumi up` of the repository's program against the real controller. The example files
// are taken as they are and fitted to this machine only where it must differ: the seed nodes
// vulcan, kronos and remus become the harness's three satellites (romulus has no satellite), the
// LVM thin pool becomes a FILE_THIN pool in each satellite's pool directory, and resources with the
// DRBD layer are left out (no DRBD kernel module here).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { repoRoot } from "../../scripts/engine";
import { assertEmpty, live, realCluster, useRealStack } from "./cluster";

const STEPS = path.join(repoRoot, "examples", "seed-walkthrough");
const SEED_NODES = ["vulcan", "kronos", "remus"];

type Obj = Record<string, unknown>;

/** The example step fitted to the real cluster (see the header). */
function fitted(prefix: string): string {
  const file = fs.readdirSync(STEPS).find((f) => f.startsWith(prefix));
  assert.ok(file, `no walkthrough step ${prefix}`);
  const stack = YAML.parse(fs.readFileSync(path.join(STEPS, file), "utf8")) as Obj;
  const sats = realCluster().satellites;
  const rename = (n: unknown): string | undefined => {
    const i = SEED_NODES.indexOf(String(n));
    return i >= 0 ? sats[i].name : undefined;
  };
  const nodes: Obj = {};
  for (const [name, spec] of Object.entries(stack.nodes as Obj)) {
    const to = rename(name);
    if (to) nodes[to] = { ...(spec as Obj), address: sats[SEED_NODES.indexOf(name)].address };
  }
  stack.nodes = nodes;
  const pools = stack.storagePools as Record<string, Obj>;
  for (const pool of Object.values(pools)) {
    const members = (pool.nodes as string[]).map(rename).filter((n): n is string => n !== undefined);
    pool.providerKind = "FILE_THIN";
    delete pool.backingPool;
    pool.nodes = Object.fromEntries(members.map((n) => [n, { backingPool: sats.find((s) => s.name === n)?.poolDir }]));
  }
  const resources: Obj = {};
  for (const [name, spec] of Object.entries((stack.resources ?? {}) as Record<string, Obj>)) {
    if (!((spec.layers as string[] | undefined) ?? ["drbd"]).every((l) => l.toLowerCase() !== "drbd")) continue;
    resources[name] = { ...spec, nodes: (spec.nodes as string[]).map(rename) };
  }
  stack.resources = resources;
  return YAML.stringify(stack);
}

describe("the seed walkthrough's STORAGE-only steps on a real controller", function () {
  this.timeout(900_000);
  const s = useRealStack("walkthrough", () => fitted("01-"));

  it("01: LocalData, storage layer only, on the first two seed nodes", async () => {
    await s().stack.up();
    const l = await live();
    const [first, second] = realCluster().satellites.map((x) => x.name);
    const replicas = l.resources.filter((r) => r.resource === "LocalData");
    assert.deepStrictEqual(replicas.map((r) => r.node).sort(), [first, second]);
    for (const r of replicas) {
      assert.deepStrictEqual(r.layers, ["STORAGE"]);
      assert.ok(r.volumes[0]?.devicePath?.startsWith("/dev/loop"), `LocalData on ${r.node}: ${JSON.stringify(r.volumes)}`);
    }
    const rd = l.resourceDefinitions.find((d) => d.name === "LocalData");
    assert.strictEqual(rd?.volumes[0]?.sizeKib, 150 * 1024);
  });

  it("04: LocalData leaves the stack and is deleted (replicas first, then the definition)", async () => {
    s().write(fitted("04-"));
    await s().stack.up();
    const l = await live();
    assert.deepStrictEqual(l.resourceDefinitions.filter((d) => d.name === "LocalData"), []);
    assert.deepStrictEqual(l.resources.filter((r) => r.resource === "LocalData"), []);
  });

  it("destroy leaves the controller empty", async () => {
    await s().stack.destroy();
    await assertEmpty();
  });
});
