// The `__provider` text every dynamic resource carries in the state twice (inputs and outputs):
// small, self-contained, and loading the package installed where the program runs.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { providerText } from "../../provider/resources/shim";

const root = path.resolve(__dirname, "../..");

// What the SDK's dynamic-provider process does with the text (cmd/dynamic-provider): compile it as
// a module whose paths are those of the working directory (require-from-string), call `.handler()`.
// In a fresh Node process per call, as there: Node caches a bare name's resolution per folder of
// the requiring module, and the text's module has none, so one process cannot try two folders.
const requireFromString = require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] });
const EVALUATE = `const p = require(${JSON.stringify(requireFromString)})(require("fs").readFileSync(0, "utf8")).handler();
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v]))));`;

/** The provider the dynamic-provider process gets from the text in a program folder `cwd`: each member's type. */
function evaluate(text: string, cwd: string): Record<string, string> {
  const run = spawnSync(process.execPath, ["-e", EVALUATE], { cwd, input: text, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, string>;
}

describe("dynamic provider text (__provider in the state)", () => {
  it("is a loader of under 120 bytes, the same for every resource of a kind", () => {
    const text = providerText("ResourceDefinition");
    assert.ok(Buffer.byteLength(text) < 120, `${Buffer.byteLength(text)} bytes`);
    assert.strictEqual(providerText("ResourceDefinition"), text);
    assert.notStrictEqual(providerText("Node"), text);
    assert.doesNotMatch(text, /operations|LinstorClient|endpoint/i, "no implementation and no connection in the state");
  });

  it("loads the package's provider for its kind from the program folder", () => {
    const p = evaluate(providerText("Resource"), path.join(root, "examples"));
    assert.deepStrictEqual(Object.keys(p).sort(), ["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  it("loads the package installed in node_modules of the program folder or a folder above it", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "pl-shim-"));
    try {
      fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "a-users-infrastructure" }));
      fs.mkdirSync(path.join(project, "node_modules"));
      fs.symlinkSync(root, path.join(project, "node_modules", "pulumi-linstor"), "dir");
      const program = path.join(project, "stacks", "prod");
      fs.mkdirSync(program, { recursive: true });
      assert.strictEqual(evaluate(providerText("StoragePool"), project).diff, "function");
      assert.strictEqual(evaluate(providerText("Snapshot"), program).diff, "function");
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("names the package when it is not installed, and honours PULUMI_LINSTOR_HOME", () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "pl-shim-"));
    const saved = process.env.PULUMI_LINSTOR_HOME;
    try {
      delete process.env.PULUMI_LINSTOR_HOME;
      assert.throws(() => evaluate(providerText("Node"), elsewhere), /Cannot find module 'pulumi-linstor\/dynamic'/);
      process.env.PULUMI_LINSTOR_HOME = root;
      assert.strictEqual(evaluate(providerText("Node"), elsewhere).create, "function");
    } finally {
      if (saved === undefined) delete process.env.PULUMI_LINSTOR_HOME;
      else process.env.PULUMI_LINSTOR_HOME = saved;
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("still loads the provider from the longer loader that states written before 2026-12-06 carry", () => {
    // The text as the state of a stack created with the earlier shim holds it (inputs and outputs):
    // a refresh or destroy of such a stack evaluates it before any `up` writes the short one.
    const earlier = 'exports.handler=()=>(function(k){let h=process.env.PULUMI_LINSTOR_HOME,d=process.cwd(),u;while(!h&&d!=u){try{if(require(d+"/package.json").name=="pulumi-linstor")h=d;}catch{h="";}u=d;d=require("path").dirname(d);}return require((h||"pulumi-linstor")+"/bin/provider/resources/impl.js").providerFor(k);})("VolumeDefinition");\n';
    const p = evaluate(earlier, path.join(root, "examples"));
    assert.deepStrictEqual(Object.keys(p).sort(), ["check", "configure", "create", "delete", "diff", "read", "update"]);
  });
});
