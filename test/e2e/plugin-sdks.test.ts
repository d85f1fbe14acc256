// Issue 14: SDKs for other languages from the plugin's package schema. scripts/gen-sdks.sh writes the
// Python and Go SDKs; the Python files must compile (py_compile) and the Go module must build.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { requireEngine, requirePrerequisite } from "../helpers/prerequisites";

const run = promisify(execFile);
const has = (cmd: string): boolean => (process.env.PATH ?? "").split(path.delimiter).some((d) => fs.existsSync(path.join(d, cmd)));

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".py")).map((e) => path.join(e.parentPath, e.name));
}

describe("SDKs generated from the plugin's package schema", function () {
  this.timeout(900_000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "pl-sdk-"));
  before(async function () {
    requireEngine(this);
    requirePrerequisite(this, has("go") && has("python3"), "go and python3 (the SDKs are built with them)");
    await run("bash", [path.join(repoRoot, "scripts", "gen-sdks.sh"), out], { cwd: repoRoot, maxBuffer: 64 << 20 });
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("the schema documents every kind and the look-up functions", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(out, "schema.json"), "utf8"));
    for (const kind of ["Node", "StoragePool", "ResourceGroup", "ResourceDefinition", "VolumeDefinition", "Resource", "Snapshot"]) {
      const r = schema.resources[`linstor:index:${kind}`];
      assert.ok(r?.description, `${kind} has no description`);
      for (const [name, p] of Object.entries(r.inputProperties as Record<string, { description?: string }>)) assert.ok(p.description, `${kind}.${name} has no description`);
    }
    assert.deepStrictEqual(Object.keys(schema.functions).sort(), ["linstor:index:getNodes", "linstor:index:getReplicas", "linstor:index:getStoragePools"]);
    assert.strictEqual(schema.config.variables.bearerToken.secret, true);
  });

  it("the Python SDK compiles (py_compile)", async () => {
    const files = pythonFiles(path.join(out, "python"));
    assert.ok(files.some((f) => f.endsWith(path.join("pulumi_linstor", "resource_definition.py"))), `no resource_definition.py in ${files.length} files`);
    await run("python3", ["-m", "py_compile", ...files]);
  });

  it("the Go SDK builds (go build)", async () => {
    const goDir = path.join(out, "go");
    assert.ok(fs.existsSync(path.join(goDir, "linstor", "resourceDefinition.go")));
    await run("go", ["build", "./..."], { cwd: goDir, env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", CGO_ENABLED: "0" }, maxBuffer: 64 << 20 });
  });
});
