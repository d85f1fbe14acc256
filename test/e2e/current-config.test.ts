// Issue 17, points 2 and 7: after `pulumi config set linstor:endpoint …` no refresh or destroy talks
// to the old controller.
//
// Without the program, the engine configures a refresh's or destroy's providers from the state (the
// config of the last `up`) and keeps the stack outputs of the last `up`. Running the program
// (`--run-program`, or PULUMI_RUN_PROGRAM=true, which the README's environment sets) gives the
// providers the current config and recomputes the outputs; a plain run after a config change stops
// before its first request and says so (provider/resources/current-config.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useStep, yamlLanguageHostInstalled, yamlProject } from "../../harness/pulumi-yaml";
import { useSimulator } from "../../harness/sim";
import { requirePrerequisite } from "../helpers/prerequisites";

/** The variables the README's "run pulumi by hand" block exports, except where the state and engine live. */
function readmeEnvironment(): Record<string, string> {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const block = /To run `pulumi` by hand[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, "the README has a block on running pulumi by hand");
  const env: Record<string, string> = {};
  for (const [, name, value] of block.replace(/\\\n/g, " ").matchAll(/\b([A-Z_]+)=("[^"]*"|\S+)/g)) {
    if (name !== "PATH" && name !== "PULUMI_BACKEND_URL") env[name] = value.replace(/^"|"$/g, "");
  }
  return env;
}

/** A way into the provider: its stack of walkthrough step 1 (LocalData on vulcan and kronos), and where its outputs list LocalData's diskful nodes. */
interface FrontDoor {
  name: string;
  stack(endpoint: string, env: Record<string, string>): Promise<TestStack>;
  nodes(outputs: OutputMap): unknown;
}

/** The repository's own program (`main: program.js`) applying a YAML stack, as the README runs it. */
const dynamicResources: FrontDoor = {
  name: "the dynamic resources (the repository's program)",
  stack: (endpoint, env) => TestStack.forProgramDir({
    workDir: repoRoot, stackName: `current-config-${process.pid}`, env,
    config: { "linstor:endpoint": endpoint, "linstor:stack": path.join(repoRoot, "examples", "seed-walkthrough", "01-localdata.yaml") },
  }),
  nodes: (o) => (o.resources?.value as Record<string, { nodes: unknown }>)?.LocalData?.nodes,
};

/** A Pulumi YAML program served by the provider plugin. */
const providerPlugin: FrontDoor = {
  name: "the provider plugin (Pulumi YAML)",
  stack: (endpoint, env) => {
    const dir = yamlProject();
    useStep(dir, 1);
    return TestStack.forProgramDir({ workDir: dir, stackName: "current-config", env, config: { "linstor:endpoint": endpoint } });
  },
  nodes: (o) => (o.localData?.value as { nodes: unknown })?.nodes,
};

describe("the current provider config reaches refresh and destroy (real engine + simulator)", function () {
  this.timeout(300_000);
  const oldSim = useSimulator({ seedCluster: true });
  // No balancer: it would add back the replica this test leaves out.
  const currentSim = useSimulator({ seedCluster: true, balance: false });

  async function upOnOldController(door: FrontDoor, env: Record<string, string>): Promise<TestStack> {
    const stack = await door.stack(oldSim().url, { ...env, LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" });
    const up = await stack.up();
    assert.deepStrictEqual(door.nodes(up.outputs), ["vulcan", "kronos"]);
    return stack;
  }

  /** The same cluster behind a new address, where one replica has since gone. */
  async function seedCurrentController(): Promise<void> {
    const c = currentSim().client();
    await c.resourceDefinitions.create({ resource_definition: { name: "LocalData", layer_data: [{ type: "STORAGE" }] } });
    await c.volumeDefinitions.create("LocalData", { volume_definition: { size_kib: 150 * 1024 } });
    await c.resources.create("LocalData", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    await oldSim().clearRequests();
    await currentSim().clearRequests();
  }

  /** The cluster moved, and `linstor:endpoint` names its new address. */
  async function moveController(stack: TestStack): Promise<void> {
    await stack.stack.setConfig("linstor:endpoint", { value: currentSim().url });
    await seedCurrentController();
  }

  async function cleanUp(stack: TestStack): Promise<void> {
    await stack.stack.setConfig("linstor:endpoint", { value: oldSim().url });
    await stack.destroy({ runProgram: true }).catch(() => undefined);
    await stack.dispose();
    fs.rmSync(path.join(stack.stack.workspace.workDir, `Pulumi.${stack.stack.name}.yaml`), { force: true });
    await currentSim().client().resourceDefinitions.delete("LocalData").catch(() => undefined);
  }

  it("README environment: refresh reads the controller `linstor:endpoint` names now, and the outputs show what it has", async () => {
    const stack = await upOnOldController(dynamicResources, readmeEnvironment());
    try {
      await moveController(stack);
      await stack.refresh();
      assert.strictEqual((await oldSim().requests()).total, 0, "refresh sent requests to the old controller");
      assert.ok((await currentSim().requests()).total > 0, "refresh did not read the controller the config names");
      assert.deepStrictEqual(dynamicResources.nodes(await stack.stack.outputs()), ["vulcan"], "the outputs after refresh are the controller's");
    } finally {
      await cleanUp(stack);
    }
  });

  for (const door of [dynamicResources, providerPlugin]) {
    it(`${door.name}: a plain refresh or destroy after the endpoint changed stops before any request, naming the change and --run-program`, async function () {
      if (door === providerPlugin) requirePrerequisite(this, yamlLanguageHostInstalled(), "pulumi-language-yaml: run scripts/install-pulumi.sh");
      const stack = await upOnOldController(door, { PULUMI_RUN_PROGRAM: "false" });
      try {
        await moveController(stack);
        const refused = (command: string) => (err: unknown) => {
          const text = String(err);
          assert.match(text, new RegExp(`linstor:endpoint is "${currentSim().url}", was "${oldSim().url}"`));
          assert.match(text, new RegExp(`run \`pulumi ${command} --run-program\``));
          assert.doesNotMatch(text, /\n\s+at .*\.js:\d+/, "no stack trace");
          return true;
        };
        await assert.rejects(stack.refresh(), refused("refresh"));
        await assert.rejects(stack.destroy(), refused("destroy"));
        assert.strictEqual((await oldSim().requests()).total, 0, "a plain refresh or destroy sent requests to the old controller");
        assert.strictEqual((await currentSim().requests()).total, 0, "a refused refresh or destroy sent requests");

        await stack.refresh({ runProgram: true });
        assert.strictEqual((await oldSim().requests()).total, 0, "refresh --run-program sent requests to the old controller");
        assert.deepStrictEqual(door.nodes(await stack.stack.outputs()), ["vulcan"], "the outputs after refresh --run-program are the controller's");
      } finally {
        await cleanUp(stack);
      }
    });
  }

  it("the dynamic resources: refresh and destroy, with or without the program, use the YAML stack's controller block as the file has it now", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-controller-"));
    const file = path.join(dir, "stack.yaml");
    const stepOne = fs.readFileSync(path.join(repoRoot, "examples", "seed-walkthrough", "01-localdata.yaml"), "utf8").replace(/^# yaml-language-server.*\n/, "");
    const writeStack = (url: string) => fs.writeFileSync(file, `controller:\n  endpoints: ["${url}"]\n${stepOne}`);
    writeStack(oldSim().url);
    const stack = await TestStack.forProgramDir({
      workDir: repoRoot, stackName: `current-config-${process.pid}`, config: { "linstor:stack": file },
      env: { PULUMI_RUN_PROGRAM: "false", LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
    });
    try {
      assert.deepStrictEqual(dynamicResources.nodes((await stack.up()).outputs), ["vulcan", "kronos"]);
      writeStack(currentSim().url);
      await seedCurrentController();
      const plain = await stack.refresh();
      assert.ok((plain.ops["Resource:LocalData"] ?? []).some((op) => op === "update"), "a plain refresh did not see the replica gone on the controller the block names now");
      await stack.refresh({ runProgram: true });
      assert.deepStrictEqual(dynamicResources.nodes(await stack.stack.outputs()), ["vulcan"]);
      assert.strictEqual((await oldSim().requests()).total, 0, "refresh sent requests to the controller the block named before");
      assert.ok((await currentSim().requests()).total > 0);
    } finally {
      writeStack(oldSim().url);
      await stack.destroy({ runProgram: true }).catch(() => undefined);
      await stack.dispose();
      fs.rmSync(path.join(repoRoot, `Pulumi.${stack.stack.name}.yaml`), { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
      await currentSim().client().resourceDefinitions.delete("LocalData").catch(() => undefined);
    }
  });

  it("a plain refresh with the config unchanged reads the controller as before", async () => {
    const stack = await upOnOldController(dynamicResources, { PULUMI_RUN_PROGRAM: "false" });
    try {
      await oldSim().clearRequests();
      const refresh = await stack.refresh();
      assert.deepStrictEqual(Object.values(refresh.ops).flat().filter((op) => op !== "same"), [], "refresh found drift on an unchanged cluster");
      assert.ok((await oldSim().requests()).total > 0, "refresh did not read the controller");
    } finally {
      await cleanUp(stack);
    }
  });
});
