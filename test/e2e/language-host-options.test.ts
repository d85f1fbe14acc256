// The project's runtime options in Pulumi.yaml reach the Node.js program (real engine).
// The language host that scripts/install-pulumi.sh builds when the Go module proxy does not serve
// the CLI's own (sdk/v3 v3.68.0) reads them as flags, which the CLI no longer passes; the launcher
// scripts/pulumi-language-nodejs-launcher.sh hands them over. Without it `typescript: false` was
// ignored: the repository's compiled program (Pulumi.yaml, program.js) started through ts-node with
// the TypeScript compiler loaded. A host of a pulumi on PATH reads them itself; the test holds for both.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";

/** What the program saw of its own start: ts-node loaded or not, and node's own arguments. */
const PROGRAM = `exports.tsNode = Object.keys(require.cache).some((f) => f.includes("/node_modules/ts-node/"));
exports.execArgv = process.execArgv;
`;

describe("Pulumi.yaml runtime options reach the Node.js program (real engine)", function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** `up` of a project whose runtime block is `runtime`; the program's outputs. */
  async function startWith(runtime: string): Promise<{ tsNode: boolean; execArgv: string[] }> {
    // Inside the repository, so the program resolves @pulumi/pulumi as a project that installed it.
    fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(repoRoot, ".tmp", "host-options-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: host-options\n${runtime}main: program.js\n`);
    fs.writeFileSync(path.join(dir, "program.js"), PROGRAM);
    const stack = await TestStack.forProgramDir({ workDir: dir, stackName: "options" });
    try {
      const { outputs } = await stack.up();
      return { tsNode: outputs.tsNode.value, execArgv: outputs.execArgv.value };
    } finally {
      await stack.dispose();
    }
  }

  it("typescript: false starts the program without ts-node, and nodeargs reach node", async () => {
    const seen = await startWith("runtime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: --max-semi-space-size=32 --stack-size=1500\n");
    assert.strictEqual(seen.tsNode, false, "ts-node was loaded although Pulumi.yaml says typescript: false");
    assert.ok(seen.execArgv.includes("--max-semi-space-size=32") && seen.execArgv.includes("--stack-size=1500"), `node arguments: ${JSON.stringify(seen.execArgv)}`);
  });

  it("without options the program starts through ts-node, as Pulumi's default says", async () => {
    const seen = await startWith("runtime: nodejs\n");
    assert.strictEqual(seen.tsNode, true);
  });

  it("the repository's own project says typescript: false (its program is compiled JavaScript)", () => {
    const project = fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8");
    assert.match(project, /^\s+typescript: false$/m);
    assert.match(project, /^main: program\.js$/m);
  });
});
