// What the repository's program (program.js) sets up in its Node.js process before it loads the
// stack: stack traces that cost little, and no TypeScript compiler it never uses. Both matter at
// scale: at 300 definitions they were about a third of the program's memory.

import Module = require("module");
import * as path from "path";

/** V8's default depth: the frames that name this package's code. */
export const MAX_FRAMES = 10;

/**
 * Stack traces in V8's own format, at most MAX_FRAMES deep, and none for the SDK's promise
 * bookkeeping unless asked for.
 *
 * - The engine's Node runtime installs source-map-support, and the SDK formats a trace for every
 *   resource it registers and for every promise it tracks. Mapping each frame back through the
 *   source maps took 45 % of the program's CPU in a no-op `up` of a 100-definition stack. The
 *   frames are this package's compiled code (a YAML stack has no TypeScript of its own), so nothing
 *   a user reads is lost: stack errors are reported as `file:line:col` messages, no trace.
 * - The SDK raises Error.stackTraceLimit to infinity to record where each resource was declared,
 *   and the engine stores that trace in the state with every resource (30 frames, most of them the
 *   SDK's and Node's own, about 860 bytes of each resource's state, which the file backend writes
 *   again after every step). The first frames are kept; errors keep the depth Node gives them.
 * - The SDK also records a trace with each promise it tracks (about 75 per resource, kept until the
 *   resource is done: 57 MiB at 300 definitions), only to print them when
 *   PULUMI_DEBUG_PROMISE_LEAKS is set. Without it those traces are never read, and stay empty.
 */
export function shortenStackTraces(env: NodeJS.ProcessEnv = process.env): void {
  const promiseTraces = Boolean(env.PULUMI_DEBUG_PROMISE_LEAKS);
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): string => {
    if (!promiseTraces && frames[0]?.getFunctionName() === "debuggablePromise") return "";
    let head: string;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = "Error";
    }
    return [head, ...frames.slice(0, MAX_FRAMES).map((f) => `    at ${String(f)}`)].join("\n");
  };
}

/**
 * The SDK's index loads TypeScript (its typescript-shim: the project's copy, else its own) for the
 * closure serializer, which only `pulumi.runtime.serializeFunction` and dynamic providers written
 * as closures use. This program uses neither (resources/shim.ts writes its provider's text), so the
 * shim is a stand-in that loads the real one on first use: 9 MB of source, about 12 MiB of heap
 * and a tenth of a second saved at every start. If the SDK moves or drops the shim, or something
 * loaded it already, nothing changes. Returns whether the stand-in is in place.
 */
export function deferTypeScript(programDir: string): boolean {
  let shim: string;
  try {
    shim = require.resolve("@pulumi/pulumi/typescript-shim", { paths: [programDir] });
  } catch {
    return false;
  }
  if (require.cache[shim]) return false;
  let real: Record<string | symbol, unknown> | undefined;
  const load = (): Record<string | symbol, unknown> => {
    if (!real) {
      delete require.cache[shim]; // later requirers get the real module
      real = require(shim) as Record<string | symbol, unknown>;
    }
    return real;
  };
  const standIn = new Module(shim);
  standIn.filename = shim;
  standIn.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(shim));
  standIn.loaded = true;
  standIn.exports = new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
  require.cache[shim] = standIn;
  return true;
}

/** Both, for the program in `programDir`. */
export function prepareProgramRuntime(programDir: string): void {
  shortenStackTraces();
  deferTypeScript(programDir);
}
