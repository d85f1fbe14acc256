// The program's runtime set-up (provider/stack/program-runtime.ts), each case in a Node.js process
// of its own: it changes process-wide state (Error.prepareStackTrace, the module cache).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

const runtime = path.join(repoRoot, "bin", "provider", "stack", "program-runtime.js");

/** Runs `script` (with `runtime` bound to the compiled module) in a fresh node; its JSON output. */
function inNode(script: string, env: NodeJS.ProcessEnv = {}, cwd = repoRoot): unknown {
  const out = execFileSync(process.execPath, ["-e", `const runtime = require(${JSON.stringify(runtime)});\n${script}`], {
    cwd, env: { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "", ...env }, encoding: "utf8", stdio: "pipe",
  });
  return JSON.parse(out);
}

describe("the program's runtime set-up", () => {
  it("loads the SDK without TypeScript or npm's tree reader; each loads on first use, and the SDK's uses of them work", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pl-runtime-"));
    fs.writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ name: "code-paths-probe", version: "1.0.0" }));
    try {
      const r = inNode(`
        const loaded = (re) => Object.keys(require.cache).some((k) => re.test(k));
        const ts = () => loaded(/[\\/]typescript[\\/]lib[\\/]|typescript@/);
        const arborist = () => loaded(/[\\/]@npmcli[\\/]arborist[\\/]lib[\\/]arborist[\\/]/); // past its entry, which the stand-in is named after
        const deferred = runtime.deferUnusedModules(${JSON.stringify(repoRoot)});
        const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [${JSON.stringify(repoRoot)}] }));
        const before = { ts: ts(), arborist: arborist() };
        (async () => {
          const f = await pulumi.runtime.serializeFunction(() => 6 * 7);
          const paths = await pulumi.runtime.computeCodePaths();
          console.log(JSON.stringify({
            deferred, before, serialized: /6 \\* 7/.test(f.text), codePaths: paths instanceof Map, after: { ts: ts(), arborist: arborist() },
            again: runtime.deferUnusedModules(${JSON.stringify(repoRoot)}),
          }));
        })();
      `, {}, tmp);
      assert.deepStrictEqual(r, {
        deferred: ["@pulumi/pulumi/typescript-shim", "@npmcli/arborist"], before: { ts: false, arborist: false },
        serialized: true, codePaths: true, after: { ts: true, arborist: true }, again: [],
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("records no trace for the SDK's promise bookkeeping, keeps 10 frames of other traces", () => {
    const script = `
      runtime.shortenStackTraces();
      const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable");
      const p = Promise.resolve(1);
      debuggablePromise(p, "test");
      const deep = (n) => (n === 0 ? new Error("deep") : deep(n - 1));
      const stack = deep(30).stack.split("\\n");
      console.log(JSON.stringify({ promise: p._debugStackTrace, head: stack[0], frames: stack.length - 1 }));
    `;
    assert.deepStrictEqual(inNode(script), { promise: "", head: "Error: deep", frames: 10 });
    const debugging = inNode(script, { PULUMI_DEBUG_PROMISE_LEAKS: "1" }) as { promise: string };
    assert.match(debugging.promise, /^Error\n {4}at .*debuggablePromise/, "with PULUMI_DEBUG_PROMISE_LEAKS the trace is kept");
  });
});
