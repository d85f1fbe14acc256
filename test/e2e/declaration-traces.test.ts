// Where the engine records each resource of a YAML stack as declared: the object's line in the stack
// file, one frame (provider/stack/declaration-site.ts). The SDK asks for an unlimited trace there;
// with it every resource carried about 30 frames of the SDK's and this package's compiled code into
// the state (10 since program.js shortens traces), written again after every step by the file backend.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { objectKey } from "../../provider/model/keys";
import type { ObjectRef } from "../../provider/model/types";
import { loadStack } from "../../provider/stack";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

interface StateResource { urn: string; custom?: boolean; sourcePosition?: string; stackTrace?: unknown[] }

/** The object of a resource of the repository's program, from its URN (`…:linstor:<Kind>::<name>`). */
function refOf(urn: string): ObjectRef {
  const [kind, name] = urn.slice(urn.lastIndexOf("linstor:") + 8).split("::");
  const [a, b] = name.split("/");
  switch (kind) {
    case "StoragePool": return { kind, node: a, name: b };
    case "VolumeDefinition": return { kind, resource: a, number: Number(b) };
    case "Resource": return { kind, resource: a };
    case "Snapshot": return { kind, resource: a, name: b };
    case "Node": case "ResourceGroup": case "ResourceDefinition": return { kind, name: a };
  }
  throw new Error(`${urn}: not a kind of this package`);
}

describe("the repository's program: declaration traces in the state (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true });

  it("each resource records one frame: its object's line and column in the stack file", async () => {
    const file = path.join("examples", "seed-walkthrough", "01-localdata.yaml");
    const loaded = loadStack(path.join(repoRoot, file));
    assert.ok(loaded.positions, "the stack loads");
    const stack = await TestStack.forProgramDir({
      workDir: repoRoot, stackName: `traces-${process.pid}`, env: { LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
      config: { "linstor:endpoint": sim().url, "linstor:stack": file },
    });
    try {
      await stack.up();
      const state = JSON.parse(await stack.stateText()) as { checkpoint: { latest: { resources: StateResource[] } } };
      const custom = state.checkpoint.latest.resources.filter((r) => r.custom && !r.urn.includes("::pulumi:providers:"));
      assert.ok(custom.length >= 3, `the stack's resources are in the state: ${custom.map((r) => r.urn).join(", ")}`);
      for (const r of custom) {
        const at = loaded.positions.objects[objectKey(refOf(r.urn))];
        assert.ok(at, `${r.urn} is an object of the stack`);
        const where = `project:///${file}#${at.line},${at.col}`;
        assert.strictEqual(r.sourcePosition, where, r.urn);
        assert.deepStrictEqual(r.stackTrace, [{ sourcePosition: where }], r.urn);
      }
      const nodes = custom.filter((r) => r.urn.includes(":Node::"));
      assert.strictEqual(new Set(nodes.map((r) => r.sourcePosition)).size, nodes.length, "each node at its own line");
    } finally {
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
      fs.rmSync(path.join(repoRoot, `Pulumi.${stack.stack.name}.yaml`), { force: true });
    }
  });
});
