// Issue 17, points 3 and 4: the preview of a stack's first create shows its whole ordered plan: the
// pools, volumes and replica placements of objects that the same run creates (they count as
// present), with no warning that they are missing; and a placement that cannot fit fails that
// preview, before anything is created. Real engine, repository program, simulator.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineInstalled } from "../../scripts/engine";
import { scratchYamlStack } from "../../scripts/gitops";
import { useSimulator } from "../../harness/sim";

const NEW_CLUSTER = `nodes:
  alpha: { address: 10.0.0.1 }
  beta:  { address: 10.0.0.2 }
storagePools:
  fast: { providerKind: LVM_THIN, backingPool: vg/thin, nodes: [alpha, beta] }
resources:
  Web:
    layers: [drbd, storage]
    volumes: [2g]
    nodes: [alpha, beta]
    storagePool: fast
`;

/** A stack adopting seed nodes and their thinpool, with `resources` (YAML lines) under `resources:`. */
const seedStack = (nodes: string[], resources: string): string => [
  "adopt: true",
  "nodes:",
  ...nodes.map((n) => `  ${n}: { address: 192.168.122.${11 + ["vulcan", "kronos", "remus"].indexOf(n)} }`),
  "storagePools:",
  `  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [${nodes.join(", ")}] }`,
  "resources:",
  resources,
].join("\n");

const ON_SEED = (size: string): string => seedStack(["vulcan", "kronos", "remus"], `  SharedData:
    layers: [drbd, storage]
    volumes: [${size}]
    autoPlace: { count: 3, storagePools: [thinpool] }
`);

describe("the preview of a first create (real engine + simulator)", function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-first-preview-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  before(function () {
    if (!engineInstalled()) throw new Error("the Pulumi engine is not installed: run scripts/install-pulumi.sh (npm test does)");
  });

  async function preview(url: string, label: string, text: string): Promise<{ out: string; error?: string }> {
    const file = path.join(dir, `${label}.yaml`);
    fs.writeFileSync(file, text);
    const run = await scratchYamlStack(url, file, label);
    let out = "";
    try {
      const error = await run.stack.preview({ onOutput: (o) => { out += o; } }).then(() => undefined, (e: Error) => e.message);
      return { out, error };
    } finally {
      await run.dispose();
    }
  }

  describe("on an empty controller", () => {
    const sim = useSimulator({});
    it("shows the pools, the volume and the ordered replica plan of objects the same run creates, and warns of nothing missing", async () => {
      await sim().clearRequests();
      const { out, error } = await preview(sim().url, "empty", NEW_CLUSTER);
      assert.strictEqual(error, undefined, out);
      // Pulumi groups the lines by resource, so each resource's plan is checked, not the order across them.
      for (const line of [
        /register node alpha/, /create storage pool fast on alpha \(LVM_THIN, vg\/thin\)/, /create storage pool fast on beta/,
        // The definition's create switches the balancer off (the stack places its replicas), so the replica set needs no modify.
        /create resource definition Web with BalanceResourcesEnabled=false \(the stack places its replicas\)/, /create volume 0 of Web \(2 GiB\)/,
        /1\. add replicas of Web on alpha \(pool fast\), beta \(pool fast\)\n\s*2\. wait until Web is UpToDate on alpha, beta/,
      ]) assert.match(out, line);
      assert.doesNotMatch(out, /switch off the controller's replica balancing/);
      assert.doesNotMatch(out, /neither in the stack nor on the controller/);
      assert.doesNotMatch(out, /planned again when it runs/);
      assert.deepStrictEqual((await sim().requests()).log.filter((l) => l.method !== "GET"), [], "a preview writes nothing");
    });
  });

  describe("on the seed cluster (adopted nodes and pool)", () => {
    const sim = useSimulator({ seedCluster: true });
    it("shows the auto-placement of a definition the same run creates", async () => {
      const { out, error } = await preview(sim().url, "seed", ON_SEED("150m"));
      assert.strictEqual(error, undefined, out);
      assert.match(out, /create volume 0 of SharedData \(150 MiB\)/);
      assert.match(out, /auto-place 3 more replicas of SharedData/);
      assert.doesNotMatch(out, /neither in the stack nor on the controller/);
    });

    it("fails on a placement that cannot fit, naming the pools, before anything is created", async () => {
      await sim().clearRequests();
      const { out, error } = await preview(sim().url, "toolarge", ON_SEED("50t"));
      assert.ok(error, `the preview passed:\n${out}`);
      assert.match(`${out}\n${error}`, /SharedData[\s\S]*thinpool[\s\S]*50 TiB/);
      assert.deepStrictEqual((await sim().requests()).log.filter((l) => l.method !== "GET"), [], "a preview writes nothing");
      assert.deepStrictEqual(await sim().client().resourceDefinitions.list().then((l) => l.map((d) => d.name)), []);
    });
  });
});

describe("a replaced parent replaces its children (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1 << 30 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-replace-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const STACK = (layers: string): string => seedStack(["vulcan", "kronos"], `  Scratch:
    layers: [${layers}]
    volumes: [64m]
    nodes: [vulcan, kronos]
    storagePool: thinpool
`);

  it("new layers of a definition replace its volumes and replicas too, and the cluster ends as the stack says", async () => {
    const file = path.join(dir, "stack.yaml");
    fs.writeFileSync(file, STACK("storage"));
    const run = await scratchYamlStack(sim().url, file, "replace");
    try {
      await run.stack.up();
      fs.writeFileSync(file, STACK("drbd, storage"));
      const preview = await run.stack.preview();
      assert.strictEqual(preview.changeSummary.replace, 3, `definition, volume and replica set are replaced: ${JSON.stringify(preview.changeSummary)}`);
      await run.stack.up();
      const c = sim().client();
      const rd = (await c.resourceDefinitions.list()).find((d) => d.name === "Scratch");
      assert.deepStrictEqual(rd?.layer_data?.map((l) => l.type), ["DRBD", "STORAGE"]);
      assert.strictEqual((await c.volumeDefinitions.list("Scratch")).length, 1);
      const diskful = (await c.resources.list("Scratch")).filter((r) => !(r.flags ?? []).includes("DISKLESS"));
      assert.deepStrictEqual(diskful.map((r) => r.node_name).sort(), ["kronos", "vulcan"]);
      const again = await run.stack.preview();
      assert.deepStrictEqual(Object.entries(again.changeSummary).filter(([op, n]) => op !== "same" && n > 0), []);
      await run.stack.destroy();
    } finally {
      await run.dispose();
    }
  });
});
