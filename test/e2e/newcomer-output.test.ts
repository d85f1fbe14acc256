// Issue 17, points 5 and 7: what a newcomer reads in Pulumi's own output when the repository's
// program (index.ts) applies a YAML stack: an expected refusal is one message, shown once, with no
// stack trace; the stack outputs after a failed `up` and after a `refresh` are what the controller has.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireEngine } from "../helpers/prerequisites";
import { scratchYamlStack, type ScratchStack } from "../../scripts/gitops";
import { useSimulator } from "../../harness/sim";

/** A stack on the seed cluster: its nodes and thinpool adopted, `extra` lines under `resources:`. */
function stackText(nodes: string[], resources: string[]): string {
  return [
    "adopt: true",
    "nodes:",
    ...nodes.map((n, i) => `  ${n}: { address: 192.168.122.${11 + ["vulcan", "kronos", "remus", "romulus"].indexOf(n) + 0 * i} }`),
    "storagePools:",
    `  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [${nodes.join(", ")}] }`,
    "resources:",
    ...resources,
    "",
  ].join("\n");
}

/** Lines that look like a JavaScript stack frame (`    at fn (file.ts:57:34)`). */
const STACK_FRAME = /^\s*at .*(\(|\s)\S+:\d+:\d+\)?\s*$/m;

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe("what Pulumi shows a newcomer (repository program, real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1 << 20 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-newcomer-"));
  const file = path.join(dir, "stack.yaml");
  let run: ScratchStack | undefined;

  before(async function () {
    requireEngine(this);
    fs.writeFileSync(file, stackText(["vulcan", "kronos", "remus"], []));
    run = await scratchYamlStack(sim().url, file, "newcomer");
  });
  after(async () => {
    await run?.stack.destroy().catch(() => undefined);
    await run?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A `pulumi preview` or `up` that must fail: its standard output, and everything (with stderr). */
  async function failing(op: "preview" | "up"): Promise<{ stdout: string; all: string }> {
    let stdout = "";
    const onOutput = (s: string) => { stdout += s; };
    const run_ = op === "up" ? run!.stack.up({ onOutput }) : run!.stack.preview({ onOutput });
    const err = await (run_ as Promise<unknown>).then(() => undefined, (e: unknown) => e as Error);
    assert.ok(err, `pulumi ${op} succeeded:\n${stdout}`);
    return { stdout, all: `${stdout}\n${err.message}` };
  }

  /** The Diagnostics section of an engine run: each message once, per resource. */
  function diagnostics(stdout: string): string {
    return /\nDiagnostics:\n([\s\S]*?)\n(Resources|Outputs):/.exec(stdout)?.[1] ?? "";
  }

  it("a refused shrink is one message, shown once, without a stack trace (preview and up)", async () => {
    fs.writeFileSync(file, stackText(["vulcan", "kronos", "remus"], ["  Shrink:", "    volumes: [64m]", "    nodes: [vulcan, kronos]", "    storagePool: thinpool"]));
    await run!.stack.up();
    fs.writeFileSync(file, stackText(["vulcan", "kronos", "remus"], ["  Shrink:", "    volumes: [32m]", "    nodes: [vulcan, kronos]", "    storagePool: thinpool"]));
    for (const op of ["preview", "up"] as const) {
      const { stdout, all } = await failing(op);
      assert.ok(!STACK_FRAME.test(all), `${op} printed a stack trace:\n${all}`);
      assert.ok(!/PlanError/.test(all), `${op} printed the error class:\n${all}`);
      const reason = "volume 0 of Shrink is 64 MiB (65536 KiB) on the controller, the stack asks for 32 MiB";
      assert.strictEqual(occurrences(diagnostics(stdout), reason), 1, `${op} does not say once why the shrink is refused:\n${stdout}`);
    }
  });

  it("destroy shows each object's deletion in the order it runs: replicas before their definition, then volumes; the adopted seed nodes are kept", async () => {
    fs.writeFileSync(file, stackText(["vulcan", "kronos", "remus"], ["  Gone:", "    volumes: [32m]", "    nodes: [vulcan, kronos]", "    storagePool: thinpool"]));
    await run!.stack.up();
    let stdout = "";
    await run!.stack.destroy({ onOutput: (s) => { stdout += s; } });
    const summary = diagnostics(stdout);
    const at = (text: string): number => summary.indexOf(text);
    const order = ["delete Resource Gone:", "delete VolumeDefinition Gone/0:", "delete ResourceDefinition Gone:"];
    assert.match(stdout, /node vulcan is kept on the controller \(it was adopted, not created, by this stack\)/);
    for (const line of order) assert.ok(at(line) >= 0, `the destroy summary lacks "${line}":\n${summary}`);
    assert.deepStrictEqual([...order].sort((a, b) => at(a) - at(b)), order, `the destroy summary is out of order:\n${summary}`);
    assert.ok(summary.indexOf("remove replica of Gone from vulcan") > at("delete Resource Gone:"), summary);
  });
});
