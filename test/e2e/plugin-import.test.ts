// Issue 14: `pulumi import` with the provider plugin. A cluster populated by the YAML walkthrough
// (plus a resource group made by hand) is imported into a new Pulumi YAML stack, every kind at once
// from `pulumi-linstor export --pulumi-import`, and one object by hand; the code Pulumi generates for
// the imported objects, used as the program, previews with no changes.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { main as cli } from "../../provider/cli";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";
import { requireEngine, requirePrerequisite } from "../helpers/prerequisites";
import { useStep, yamlLanguageHostInstalled, yamlProject } from "../../harness/pulumi-yaml";

const KINDS = ["Node", "StoragePool", "ResourceGroup", "ResourceDefinition", "VolumeDefinition", "Resource", "Snapshot"];

describe("pulumi import with the provider plugin (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 100 * 1024 });
  let populated: TestStack;
  let imported: TestStack;
  let dir: string;

  before(async function () {
    requireEngine(this);
    requirePrerequisite(this, yamlLanguageHostInstalled(), "pulumi-language-yaml: run scripts/install-pulumi.sh");
    const source = yamlProject();
    useStep(source, 6);
    populated = await TestStack.forProgramDir({ workDir: source, stackName: "source", config: { "linstor:endpoint": sim().url } });
    await populated.up();
    await sim().client().resourceGroups.create({ name: "gold", description: "three replicas", select_filter: { place_count: 3, storage_pool: "thinpool" } });
    dir = yamlProject();
    imported = await TestStack.forProgramDir({ workDir: dir, stackName: "imported", config: { "linstor:endpoint": sim().url } });
  });
  after(async () => { await populated?.dispose(); await imported?.dispose(); });

  it("export --pulumi-import lists every object of the cluster, each kind with its id", async () => {
    const out: string[] = [];
    const code = await cli(["export", "--endpoint", sim().url, "--pulumi-import", "-o", path.join(dir, "import.json")], { out: (s) => out.push(s), err: (s) => out.push(s) });
    assert.strictEqual(code, 0, out.join("\n"));
    const file = JSON.parse(fs.readFileSync(path.join(dir, "import.json"), "utf8")) as { resources: { type: string; name: string; id: string }[] };
    const ids = file.resources.map((r) => `${r.type.split(":").pop()} ${r.id}`);
    for (const expected of ["Node vulcan", "StoragePool vulcan/thinpool", "ResourceGroup gold", "ResourceDefinition SharedData",
      "VolumeDefinition SharedData/0", "Resource SharedData", "Snapshot SharedData/Snap1", "ResourceDefinition SharedData_Restore"]) {
      assert.ok(ids.includes(expected), `${expected} missing from ${ids.join(", ")}`);
    }
    assert.deepStrictEqual([...new Set(file.resources.map((r) => r.type.split(":").pop()))].sort(), [...KINDS].sort());
  });

  it("pulumi import --file imports every kind; the generated program previews with no changes", async () => {
    const generated = path.join(dir, "generated.yaml");
    await imported.cli(["import", "--file", "import.json", "--yes", "--out", generated]);
    const code = fs.readFileSync(generated, "utf8");
    for (const kind of KINDS) assert.match(code, new RegExp(`type: linstor:${kind}\\b`), `no ${kind} in the generated program`);
    fs.writeFileSync(path.join(dir, "Main.yaml"), code);
    const p = await imported.preview();
    assert.ok(Object.keys(p.ops).length >= 15, `only ${Object.keys(p.ops).length} resources in the preview`);
    for (const [name, ops] of Object.entries(p.ops)) assert.deepStrictEqual(ops, ["same"], `${name}: ${ops} after import`);
  });

  it("pulumi import of one object by type, name and id prints its code", async () => {
    const out = await imported.cli(["import", "linstor:index:ResourceDefinition", "shared", "SharedData", "--yes", "--protect=false"]);
    assert.match(out, /type: linstor:ResourceDefinition[\s\S]*name: SharedData/);
  });

  it("an id that names nothing on the controller fails with the id format of the kind", async () => {
    await assert.rejects(imported.cli(["import", "linstor:index:StoragePool", "nopool", "vulcan", "--yes"]),
      /cannot import StoragePool 'vulcan'[\s\S]*<node>\/<name>/);
  });
});
