// A stack whose state was written with the earlier `__provider` loader (before 2026-12-06: it walked
// up from the program's folder to the package and required bin/provider/resources/impl.js) keeps
// working with today's package: refresh and destroy run on that text alone (the outputs' copy), an
// `up` stores the short loader in the inputs, and nothing on the controller changes on the way.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";
import { providerText } from "../../provider/resources/shim";

const WALKTHROUGH = path.join(repoRoot, "examples", "seed-walkthrough");

/** The loader the state of every resource carried before, for one kind (as the shim wrote it). */
const earlierLoader = (kind: string): string =>
  `exports.handler=()=>(function(k){let h=process.env.PULUMI_LINSTOR_HOME,d=process.cwd(),u;while(!h&&d!=u){try{if(require(d+"/package.json").name=="pulumi-linstor")h=d;}catch{h="";}u=d;d=require("path").dirname(d);}return require((h||"pulumi-linstor")+"/bin/provider/resources/impl.js").providerFor(k);})(${JSON.stringify(kind)});\n`;

interface StateResource { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }

const kindOf = (r: StateResource): string => r.type.split(":").pop() as string;
const linstorResources = (deployment: { resources?: StateResource[] }): StateResource[] =>
  (deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/linstor:"));

describe("a state written with the earlier __provider loader (repository program, real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true, balance: false });

  it("refreshes, updates and destroys with today's package; an up stores the short loader", async () => {
    const stack = await TestStack.forProgramDir({
      workDir: repoRoot, stackName: `earlier-loader-${process.pid}`,
      config: { "linstor:endpoint": sim().url, "linstor:stack": path.join(WALKTHROUGH, "01-localdata.yaml") },
      env: { LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "", PULUMI_RUN_PROGRAM: "false" },
    });
    try {
      await stack.up();
      const client = sim().client();
      const replicas = async () => (await client.resources.list("LocalData").catch(() => [])).map((r) => r.node_name).sort();
      assert.deepStrictEqual(await replicas(), ["kronos", "vulcan"]);

      // The state as the earlier package wrote it: the long loader in inputs and outputs.
      const exported = await stack.stack.exportStack();
      const deployment = exported.deployment as { resources?: StateResource[] };
      for (const r of linstorResources(deployment)) {
        for (const side of [r.inputs, r.outputs]) if (side) side.__provider = earlierLoader(kindOf(r));
      }
      await stack.stack.importStack(exported);

      // A refresh and a destroy run on the outputs' text only: the refresh is the proof here.
      const refresh = await stack.refresh();
      assert.doesNotMatch(refresh.stdout, /error|Cannot find module/i, "a refresh on the earlier loader");

      // Step 2 adds SharedData and moves nothing: LocalData is diffed against its earlier-loader outputs.
      await stack.stack.setConfig("linstor:stack", { value: path.join(WALKTHROUGH, "02-shareddata.yaml") });
      await stack.up();
      assert.deepStrictEqual(await replicas(), ["kronos", "vulcan"], "LocalData's replicas stay where they were");
      const after = linstorResources((await stack.stack.exportStack()).deployment as { resources?: StateResource[] });
      const localData = after.find((r) => kindOf(r) === "Resource" && r.outputs?.resource === "LocalData");
      assert.ok(localData, "LocalData's replica set is in the state");
      assert.strictEqual(localData.inputs?.__provider, providerText("Resource"), "the up stored the short loader in the inputs");

      await stack.destroy();
      assert.deepStrictEqual(await replicas(), [], "the destroy removed LocalData's replicas");
    } finally {
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
      fs.rmSync(path.join(repoRoot, `Pulumi.${stack.stack.name}.yaml`), { force: true });
    }
  });
});
