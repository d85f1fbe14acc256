// Issue 14: a bad input fails the same way through both front doors: the provider plugin under a
// Pulumi YAML program reports the reason the dynamic resource reports, before anything changes.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as linstor from "../../provider";
import { TestStack } from "../../harness/pulumi";
import { yamlLanguageHostInstalled, yamlProject } from "../../harness/pulumi-yaml";
import { useSimulator } from "../../harness/sim";
import { requireEngine, requirePrerequisite } from "../helpers/prerequisites";

/** The preview's failure text, or a failed assertion when the preview succeeds. */
async function previewError(stack: TestStack): Promise<string> {
  try {
    await stack.preview();
  } catch (err) {
    return String((err as Error).message);
  }
  assert.fail("the preview did not fail");
}

describe("the same input errors through the plugin as through the dynamic resources (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true });
  const stacks: TestStack[] = [];
  after(async () => { for (const s of stacks) await s.dispose(); });

  it("an ambiguous volume size is refused with the same reason, and nothing changes", async function () {
    requireEngine(this);
    requirePrerequisite(this, yamlLanguageHostInstalled(), "pulumi-language-yaml: run scripts/install-pulumi.sh");
    const dir = yamlProject();
    fs.writeFileSync(path.join(dir, "Main.yaml"), [
      "resources:",
      "  Bad:",
      "    type: linstor:index:ResourceDefinition",
      "    properties: { name: Bad }",
      "  Bad-0:",
      "    type: linstor:index:VolumeDefinition",
      "    properties: { resource: Bad, size: \"1.5G\" }",
    ].join("\n"));
    const yaml = await TestStack.forProgramDir({ workDir: dir, stackName: "yaml", config: { "linstor:endpoint": sim().url } });
    const ts = await TestStack.create({
      stackName: "ts",
      program: async () => { new linstor.VolumeDefinition("Bad-0", { resource: "Bad", size: "1.5G" }); },
      config: { "linstor:endpoint": sim().url },
    });
    stacks.push(yaml, ts);
    await sim().clearRequests();
    const reason = (text: string): string => /size[^\n]*1\.5G[^\n]*/.exec(text)?.[0].replace(/^.*?size/, "size") ?? `(no size reason in: ${text})`;
    const fromPlugin = reason(await previewError(yaml));
    const fromDynamic = reason(await previewError(ts));
    assert.ok(!fromPlugin.startsWith("(no"), fromPlugin);
    assert.strictEqual(fromPlugin, fromDynamic);
    const writes = (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
    assert.deepStrictEqual(writes, []);
  });
});
