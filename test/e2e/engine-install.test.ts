// The engine that scripts/install-pulumi.sh provides matches the SDK pinned in package-lock.json,
// and has everything a dynamic-provider program needs next to it.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { engineBin, repoRoot } from "../../scripts/engine";

describe("engine install", () => {
  it("pulumi version matches @pulumi/pulumi in package-lock.json", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
    const pinned = lock.packages["node_modules/@pulumi/pulumi"].version as string;
    const printed = execFileSync(path.join(engineBin, "pulumi"), ["version"], {
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).toString().trim();
    assert.strictEqual(printed, `v${pinned}`);
  });

  it("has the Node.js language host and the dynamic provider launcher beside the CLI", () => {
    for (const name of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      const file = path.join(engineBin, name);
      assert.ok(fs.existsSync(file), `${file} is missing`);
      fs.accessSync(file, fs.constants.X_OK);
    }
  });

  it("a second install run reuses the build", () => {
    const err = execFileSync("bash", ["-c", `bash "${path.join(repoRoot, "scripts/install-pulumi.sh")}" 2>&1`]).toString();
    assert.match(err, /already built|using pulumi .* from PATH/);
  });
});
