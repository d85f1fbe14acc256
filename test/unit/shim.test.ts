// The `__provider` text every dynamic resource carries in the state twice (inputs and outputs):
// small, self-contained, and loading the package installed where the program runs.
import * as assert from "assert";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { providerText, squeeze } from "../../provider/resources/shim";

const root = path.resolve(__dirname, "../..");

/** What the dynamic-provider process does with the text: evaluate it as a module, call handler(). */
function evaluate(text: string, cwd: string): Record<string, unknown> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const mod = { exports: {} as { handler: () => Record<string, unknown> } };
    new Function("exports", "require", "module", text)(mod.exports, createRequire(path.join(cwd, "x.js")), mod);
    return mod.exports.handler();
  } finally {
    process.chdir(before);
  }
}

describe("dynamic provider text (__provider in the state)", () => {
  it("squeezes source text outside its string and template literals only", () => {
    assert.strictEqual(squeeze('const a = "x  y" ;\n  if (a == `p ${ b }  q`) {\n    return  a;\n  }'), 'const a="x  y";if(a==`p ${ b }  q`){return a;}');
  });

  it("is a loader of under 550 bytes, the same for every resource of a kind", () => {
    const text = providerText("ResourceDefinition");
    assert.ok(Buffer.byteLength(text) < 550, `${Buffer.byteLength(text)} bytes`);
    assert.strictEqual(providerText("ResourceDefinition"), text);
    assert.notStrictEqual(providerText("Node"), text);
    assert.doesNotMatch(text, /operations|LinstorClient|endpoint/i, "no implementation and no connection in the state");
  });

  it("loads the package's provider for its kind from the program folder", () => {
    const p = evaluate(providerText("Resource"), path.join(root, "examples"));
    assert.deepStrictEqual(Object.keys(p).sort(), ["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  it("says where it looked when the package is not installed, and honours PULUMI_LINSTOR_HOME", () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "pl-shim-"));
    const saved = process.env.PULUMI_LINSTOR_HOME;
    try {
      delete process.env.PULUMI_LINSTOR_HOME;
      assert.throws(() => evaluate(providerText("Node"), elsewhere), /pulumi-linstor is not installed where this program runs .*PULUMI_LINSTOR_HOME/);
      process.env.PULUMI_LINSTOR_HOME = root;
      assert.strictEqual(typeof evaluate(providerText("Node"), elsewhere).create, "function");
    } finally {
      if (saved === undefined) delete process.env.PULUMI_LINSTOR_HOME;
      else process.env.PULUMI_LINSTOR_HOME = saved;
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
