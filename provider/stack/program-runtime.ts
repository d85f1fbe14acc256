// What the repository's program (program.js) sets up in its Node.js process before it loads the
// stack: stack traces that cost little, and none of the SDK's modules it never uses (TypeScript,
// npm's tree reader). At 300 definitions the traces and TypeScript were 70 MiB of the program's
// memory; the modules are most of the SDK's start.

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
 * What the SDK's index loads for its closure serializer and code-path walker
 * (`pulumi.runtime.serializeFunction`, `computeCodePaths`: dynamic providers written as closures,
 * function packaging), which this program never calls (resources/shim.ts writes its provider's
 * text). Loading them took two thirds of the SDK's start: 0.7 → 0.2 s, 774 → 323 modules,
 * 38 → 15 MiB of heap. Each is resolved the way the SDK resolves it.
 */
export const DEFERRED_MODULES: readonly DeferredModule[] = [
  // TypeScript through the SDK's shim (the project's copy, else the SDK's own): 9 MB of source.
  { request: "@pulumi/pulumi/typescript-shim" },
  // npm's package-tree reader and the ~150 modules it brings (pacote, sigstore, tuf, ...). The
  // walker imports it through TypeScript's __importStar, which copies every key of a CommonJS
  // module (loading it) unless the module says it is an ES module; it only reads `.Arborist`.
  { request: "@npmcli/arborist", from: "@pulumi/pulumi/runtime/closure/codePaths", esModule: true },
];

export interface DeferredModule {
  request: string;
  /** The module that requires it, when it is not resolved from the program's folder. */
  from?: string;
  /** The stand-in says it is an ES module (see __importStar above). */
  esModule?: boolean;
}

/**
 * Puts a stand-in for each module into the module cache: it loads the real module on first use
 * (and then steps aside for later requirers). A module that is missing or loaded already is left
 * as it is, so nothing changes if the SDK moves or drops one. Returns the requests deferred.
 */
export function deferUnusedModules(programDir: string, modules: readonly DeferredModule[] = DEFERRED_MODULES): string[] {
  const deferred: string[] = [];
  for (const m of modules) {
    let file: string;
    try {
      const paths = m.from ? [path.dirname(require.resolve(m.from, { paths: [programDir] }))] : [programDir];
      file = require.resolve(m.request, { paths });
    } catch {
      continue;
    }
    if (require.cache[file]) continue;
    require.cache[file] = standIn(file, m.esModule === true);
    deferred.push(m.request);
  }
  return deferred;
}

function standIn(file: string, esModule: boolean): Module {
  let real: Record<string | symbol, unknown> | undefined;
  const load = (): Record<string | symbol, unknown> => {
    if (!real) {
      delete require.cache[file]; // later requirers get the real module
      real = require(file) as Record<string | symbol, unknown>;
    }
    return real;
  };
  const m = new Module(file);
  m.filename = file;
  m.loaded = true;
  m.exports = new Proxy({}, {
    get: (_, key) => (esModule && key === "__esModule" ? true : load()[key]),
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
  return m;
}

/** Both, for the program in `programDir`. */
export function prepareProgramRuntime(programDir: string): void {
  shortenStackTraces();
  deferUnusedModules(programDir);
}
