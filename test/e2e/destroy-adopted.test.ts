// Issue 17, point 1: `destroy` of a stack that adopted objects keeps them (they existed before the
// stack took them over) and deletes what the stack created; `onDestroy: delete` deletes both, and a
// preview says which objects destroy keeps. Real engine, repository program, simulator.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readLive } from "../../provider/client";
import { engineInstalled } from "../../scripts/engine";
import { scratchYamlStack } from "../../scripts/gitops";
import { useSimulator } from "../../harness/sim";

const STACK = (extra = ""): string => `${extra}adopt: true
nodes:
  vulcan: { address: 192.168.122.11 }
  kronos: { address: 192.168.122.12 }
storagePools:
  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, kronos] }
resources:
  Scratch: { volumes: [64m], nodes: [vulcan, kronos], storagePool: thinpool }
`;

describe("destroy keeps what the stack adopted (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1 << 30 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-adopted-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  before(function () {
    if (!engineInstalled()) throw new Error("the Pulumi engine is not installed: run scripts/install-pulumi.sh (npm test does)");
  });

  async function cycle(label: string, text: string): Promise<{ preview: string; destroy: string }> {
    const file = path.join(dir, `${label}.yaml`);
    fs.writeFileSync(file, text);
    const run = await scratchYamlStack(sim().url, file, label);
    try {
      let preview = "";
      await run.stack.preview({ onOutput: (o) => { preview += o; } });
      await run.stack.up();
      let destroy = "";
      await run.stack.destroy({ onOutput: (o) => { destroy += o; } });
      return { preview, destroy };
    } finally {
      await run.dispose();
    }
  }

  it("the seed nodes and pools survive destroy; the definition the stack created is deleted; preview says so", async () => {
    const { preview, destroy } = await cycle("keep", STACK());
    assert.match(preview, /node vulcan exists and is adopted: `pulumi destroy` keeps it/);
    assert.match(destroy, /node vulcan is kept on the controller \(it was adopted, not created, by this stack\)/);
    const live = await readLive(sim().client());
    assert.deepStrictEqual(live.nodes.map((n) => n.name).filter((n) => ["vulcan", "kronos"].includes(n)).sort(), ["kronos", "vulcan"]);
    assert.strictEqual(live.storagePools.filter((p) => p.name === "thinpool" && ["vulcan", "kronos"].includes(p.node)).length, 2);
    assert.deepStrictEqual(live.resourceDefinitions.filter((d) => d.name === "Scratch"), [], "what the stack created is deleted");
  });

  it("onDestroy: delete deletes the adopted objects too", async () => {
    const c = sim().client();
    await c.nodes.create({ name: "spare", type: "SATELLITE", net_interfaces: [{ name: "default", address: "192.168.122.19", satellite_port: 3366, satellite_encryption_type: "PLAIN" }] });
    const text = `onDestroy: delete\nadopt: true\nnodes:\n  spare: { address: 192.168.122.19 }\n`;
    await cycle("delete", text);
    assert.ok(!(await readLive(c)).nodes.some((n) => n.name === "spare"), "the adopted node was deleted");
  });

  it("an onDestroy that is neither keep nor delete is refused before anything changes", async () => {
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, STACK("onDestroy: maybe\n"));
    const run = await scratchYamlStack(sim().url, file, "bad");
    try {
      await assert.rejects(run.stack.preview(), /onDestroy/);
    } finally {
      await run.dispose();
    }
  });
});
