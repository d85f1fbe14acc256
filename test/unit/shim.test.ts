// The `__provider` text every dynamic resource carries in the state twice (inputs and outputs):
// small, self-contained, and loading the package installed where the program runs.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { providerText, squeeze } from "../../provider/resources/shim";

const root = path.resolve(__dirname, "../..");

// What the SDK's dynamic-provider process evaluates the text with (cmd/dynamic-provider): a module
// compiled from the string, whose module paths are those of the working directory.
const requireFromString = require(require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] })) as (code: string) => { handler: () => Record<string, unknown> };

/** The provider the dynamic-provider process gets from the text in a program folder `cwd`. */
function evaluate(text: string, cwd: string): Record<string, unknown> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return requireFromString(text).handler();
  } finally {
    process.chdir(before);
  }
}

describe("dynamic provider text (__provider in the state)", () => {
  it("squeezes source text outside its string and template literals only", () => {
    assert.strictEqual(squeeze('const a = "x  y" ;\n  if (a == `p ${ b }  q`) {\n    return  a;\n  }'), 'const a="x  y";if(a==`p ${ b }  q`){return a;}');
  });

  it("is a loader of under 350 bytes, the same for every resource of a kind", () => {
    const text = providerText("ResourceDefinition");
    assert.ok(Buffer.byteLength(text) < 350, `${Buffer.byteLength(text)} bytes`);
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
      assert.strictEqual(typeof evaluate(providerText("StoragePool"), project).diff, "function");
      assert.strictEqual(typeof evaluate(providerText("Snapshot"), program).diff, "function");
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("names the package when it is not installed, and honours PULUMI_LINSTOR_HOME", () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "pl-shim-"));
    const saved = process.env.PULUMI_LINSTOR_HOME;
    try {
      delete process.env.PULUMI_LINSTOR_HOME;
      assert.throws(() => evaluate(providerText("Node"), elsewhere), /Cannot find module 'pulumi-linstor\/bin\/provider\/resources\/impl\.js'/);
      process.env.PULUMI_LINSTOR_HOME = root;
      assert.strictEqual(typeof evaluate(providerText("Node"), elsewhere).create, "function");
    } finally {
      if (saved === undefined) delete process.env.PULUMI_LINSTOR_HOME;
      else process.env.PULUMI_LINSTOR_HOME = saved;
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
