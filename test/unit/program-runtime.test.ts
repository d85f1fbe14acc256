// The program's runtime set-up (provider/stack/program-runtime.ts), each case in a Node.js process
// of its own: it changes process-wide state (Error.prepareStackTrace, the module cache).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

const runtime = path.join(repoRoot, "bin", "provider", "stack", "program-runtime.js");

/** Runs `script` (with `runtime` bound to the compiled module) in a fresh node; its JSON output. */
function inNode(script: string, env: NodeJS.ProcessEnv = {}): unknown {
  const out = execFileSync(process.execPath, ["-e", `const runtime = require(${JSON.stringify(runtime)});\n${script}`], {
    cwd: repoRoot, env: { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "", ...env }, encoding: "utf8", stdio: "pipe",
  });
  return JSON.parse(out);
}

describe("the program's runtime set-up", () => {
  it("loads the SDK without TypeScript, and TypeScript on first use (the closure serializer still works)", () => {
    const r = inNode(`
      const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/]typescript[\\\\/]lib[\\\\/]/.test(k) || /typescript@/.test(k));
      const deferred = runtime.deferTypeScript(${JSON.stringify(repoRoot)});
      const pulumi = require("@pulumi/pulumi");
      const before = loaded();
      pulumi.runtime.serializeFunction(() => 6 * 7).then((f) => {
        console.log(JSON.stringify({ deferred, before, after: loaded(), serialized: /6 \\* 7/.test(f.text), again: runtime.deferTypeScript(${JSON.stringify(repoRoot)}) }));
      });
    `);
    assert.deepStrictEqual(r, { deferred: true, before: false, after: true, serialized: true, again: false });
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
