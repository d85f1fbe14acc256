// The repository's program keeps the declaration trace the engine stores with every resource
// short (program.js: at most 10 frames, V8's default depth). The SDK asks for an unlimited trace
// there; with it every resource of a YAML stack carried about 30 frames of the SDK's and Node's own
// code into the state, written again after every step by the file backend.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

interface StateResource { urn: string; custom?: boolean; sourcePosition?: string; stackTrace?: unknown[] }

describe("the repository's program: declaration traces in the state (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true });

  it("each resource records at most 10 frames, starting in this package's code", async () => {
    const stack = await TestStack.forProgramDir({
      workDir: repoRoot, stackName: `traces-${process.pid}`, env: { LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
      config: { "linstor:endpoint": sim().url, "linstor:stack": path.join(repoRoot, "examples", "seed-walkthrough", "01-localdata.yaml") },
    });
    try {
      await stack.up();
      const state = JSON.parse(await stack.stateText()) as { checkpoint: { latest: { resources: StateResource[] } } };
      const custom = state.checkpoint.latest.resources.filter((r) => r.custom && !r.urn.includes("::pulumi:providers:"));
      assert.ok(custom.length >= 3, `the stack's resources are in the state: ${custom.map((r) => r.urn).join(", ")}`);
      for (const r of custom) {
        assert.ok(Array.isArray(r.stackTrace) && r.stackTrace.length > 0 && r.stackTrace.length <= 10, `${r.urn}: ${r.stackTrace?.length} frames`);
        assert.match(r.sourcePosition ?? "", /bin\/provider\/.*\.js#\d+,\d+$/, `${r.urn}: declared at ${r.sourcePosition}`);
      }
    } finally {
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
      fs.rmSync(path.join(repoRoot, `Pulumi.${stack.stack.name}.yaml`), { force: true });
    }
  });
});
