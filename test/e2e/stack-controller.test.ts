// A YAML stack's `controller` block is where the provider connects when the stack config names
// no endpoint (GitOps repositories keep the controller next to the cluster they describe).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStack } from "../../provider/stack";
import { declareStack } from "../../provider/stack/declare";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

describe("the stack's controller block (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true });

  it("connects to the endpoint the YAML names, with the token read from the variable it names", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-ctrl-"));
    const file = path.join(dir, "stack.yaml");
    fs.writeFileSync(file, [
      "controller:",
      `  endpoints: [${sim().url}]`,
      "  auth: { tokenEnv: TEST_LINSTOR_TOKEN }",
      "adopt: true",
      "nodes:",
      "  vulcan: { address: 192.168.122.11 }",
      "  kronos: { address: 192.168.122.12 }",
      "  remus: { address: 192.168.122.13 }",
      "storagePools:",
      "  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, kronos, remus] }",
      "resources:",
      "  FromYaml:",
      "    layers: [drbd, storage]",
      "    volumes: [32m]",
      "    nodes: [vulcan, kronos, remus]",
      "    storagePool: thinpool",
      "",
    ].join("\n"));
    const stack = await TestStack.create({
      program: async () => declareStack(loadStack(file)),
      config: { "linstor:stack": file },
      env: { TEST_LINSTOR_TOKEN: "tok-0123456789abcdef0123456789abcd", LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
    });
    try {
      await stack.up();
      const replicas = await sim().client().resources.list("FromYaml");
      assert.deepStrictEqual(replicas.map((r) => r.node_name).sort(), ["kronos", "remus", "vulcan"]);
      assert.ok(!(await stack.stateText()).includes("tok-0123456789abcdef"), "the token stays out of the state");
      await stack.destroy();
    } finally {
      await stack.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
