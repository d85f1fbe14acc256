// The stack config as a refresh without the program compares it (resources/current-config.ts):
// read from the project's files, and what counts as a change.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configChanges, currentControllerBlock } from "../../provider/resources/current-config";
import "../../provider/resources/impl"; // the provider process entry: hands in the stack-file reader
import { configOnDisk } from "../../provider/stack/files-now";

const URN = "urn:pulumi:dev::cluster::pulumi-nodejs:dynamic/linstor:Node::alpha";

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-config-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("current stack config on disk", () => {
  it("reads Pulumi.<stack>.yaml from stackConfigDir, above the program's folder, over the project's values", () => {
    const dir = project({
      "Pulumi.yaml": "name: cluster\nruntime: nodejs\nmain: src/\nstackConfigDir: stacks\nconfig:\n  linstor:timeoutMs: { value: 5000 }\n  linstor:username: { default: admin }\n",
      "stacks/Pulumi.dev.yaml": "config:\n  linstor:endpoint: http://b:3370\n  linstor:password:\n    secure: v1:abc\n  linstor:username: ops\n  other:key: x\n",
      "src/index.js": "",
    });
    const current = configOnDisk(URN, path.join(dir, "src"));
    assert.ok(current);
    assert.deepStrictEqual(Object.keys(current.values).sort(), ["endpoint", "password", "timeoutMs", "username"]);
    assert.strictEqual(current.values.username, "ops");
    assert.strictEqual(current.values.timeoutMs, "5000");
    assert.deepStrictEqual(configChanges({ endpoint: "http://a:3370", password: "p", username: "ops", timeoutMs: "5000" }, current),
      ['linstor:endpoint is "http://b:3370", was "http://a:3370"']);
  });

  it("a secret counts only when it was set or removed; a missing key is no removal when an environment may supply it", () => {
    const withEnv = project({ "Pulumi.yaml": "name: cluster\n", "Pulumi.dev.yaml": "environment: [linstor]\nconfig:\n  linstor:password:\n    secure: v1:abc\n" });
    const current = configOnDisk(URN, withEnv);
    assert.ok(current);
    assert.deepStrictEqual(configChanges({ endpoint: "http://a:3370" }, current), ["linstor:password was set"]);
    const plain = project({ "Pulumi.yaml": "name: cluster\n", "Pulumi.dev.yaml": "config: {}\n" });
    assert.deepStrictEqual(configChanges({ endpoint: "http://a:3370" }, configOnDisk(URN, plain)!), ["linstor:endpoint was removed"]);
  });

  it("another project's files are not read", () => {
    const dir = project({ "Pulumi.yaml": "name: elsewhere\n", "Pulumi.dev.yaml": "config:\n  linstor:endpoint: http://b\n" });
    assert.strictEqual(configOnDisk(URN, dir), undefined);
  });

  it("a YAML stack's controller block is taken from the stack file as it is now", () => {
    const carried = { endpoints: ["http://old:3370"] };
    const dir = project({ "Pulumi.yaml": "name: cluster\n", "Pulumi.dev.yaml": "config:\n  linstor:stack: cluster.yaml\n" });
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const urn = (n: number) => `urn:pulumi:dev::cluster::pulumi-nodejs:dynamic/linstor:Node::n${n}`;
      fs.writeFileSync(path.join(dir, "cluster.yaml"), "controller:\n  endpoints: [\"http://new:3370\"]\nnodes:\n  alpha: { address: 10.0.0.1 }\n");
      assert.deepStrictEqual(currentControllerBlock({ __urn: urn(1), __controller: carried }), { endpoints: ["http://new:3370"] });
      assert.strictEqual(currentControllerBlock({ __urn: urn(1) }), undefined, "a resource without a block gets none");
    } finally {
      process.chdir(cwd);
    }
  });
});
