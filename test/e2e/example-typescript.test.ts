// Issue 17 point 11: examples/typescript run the way its README says (its own folder, `pulumi config
// set step N`, `pulumi up`), step 1 to 8, without a single Pulumi warning; its step 8 leaves the
// cluster as the YAML walkthrough's step 08 does.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { LinstorClient, readLive } from "../../provider/client";
import { engineRoot, offlineEnv, repoRoot } from "../../scripts/engine";
import { requireEngine } from "../helpers/prerequisites";
import { useSimulator } from "../../harness/sim";

const EXAMPLE = path.join(repoRoot, "examples", "typescript");
const WALKTHROUGH = path.join(repoRoot, "examples", "seed-walkthrough");

/** Replicas as `resource@node` (`~` marks diskless), sorted, and snapshots: what two runs compare. */
async function shape(client: LinstorClient): Promise<string[]> {
  const live = await readLive(client);
  return [
    ...live.resources.filter((r) => !r.deleting && !r.tieBreaker).map((r) => `${r.resource}@${r.diskless ? "~" : ""}${r.node}`),
    ...live.snapshots.map((s) => `snapshot ${s.resource}/${s.name}`),
  ].sort();
}

describe("examples/typescript as its README runs it (real engine + simulator)", function () {
  this.timeout(900_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1 << 20 });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-example-ts-"));
  const stackName = `example-ts-${process.pid}`;
  let stack: Stack | undefined;

  before(async function () {
    requireEngine(this);
    const pulumiCommand = await PulumiCommand.get({ root: engineRoot });
    stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: EXAMPLE }, { pulumiCommand, envVars: offlineEnv(stateDir) });
    await stack.setConfig("linstor:endpoint", { value: sim().url });
  });
  after(async () => {
    await stack?.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    fs.rmSync(path.join(EXAMPLE, `Pulumi.${stackName}.yaml`), { force: true });
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("steps 1-8: no warning in any step; step 8 is the YAML walkthrough's step 08", async () => {
    const warnings: string[] = [];
    for (let step = 1; step <= 8; step++) {
      await stack!.setConfig("step", { value: String(step) });
      let stdout = "";
      const onEvent = (e: EngineEvent) => {
        const d = e.diagnosticEvent;
        if (d && d.severity === "warning") warnings.push(`step ${step}: ${d.message.trim()}`);
      };
      await stack!.up({ onEvent, onOutput: (s) => { stdout += s; } });
      // The engine prints each warning as "warning: …" (progress lines quoting the controller are info).
      if (/^\s*warning: /m.test(stdout) && !warnings.some((w) => w.startsWith(`step ${step}:`))) warnings.push(`step ${step}: ${stdout}`);
    }
    assert.deepStrictEqual(warnings, [], warnings.join("\n"));
    const byTypescript = await shape(sim().client());

    // The same cluster from the YAML step 08 file: `pulumi up` of it changes nothing on the controller.
    const yamlStack = await LocalWorkspace.createOrSelectStack({ stackName: `${stackName}-yaml`, workDir: repoRoot },
      { pulumiCommand: await PulumiCommand.get({ root: engineRoot }), envVars: offlineEnv(stateDir) });
    try {
      await yamlStack.setConfig("linstor:endpoint", { value: sim().url });
      await yamlStack.setConfig("linstor:stack", { value: path.join(WALKTHROUGH, "08-readd.yaml") });
      await sim().clearRequests();
      await yamlStack.up();
      const writes = (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
      assert.deepStrictEqual(writes, [], "step 08 in YAML would change the cluster the TypeScript step 8 left");
      assert.deepStrictEqual(await shape(sim().client()), byTypescript);
    } finally {
      await yamlStack.workspace.removeStack(`${stackName}-yaml`, { force: true }).catch(() => undefined);
      fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}-yaml.yaml`), { force: true });
    }
  });
});
