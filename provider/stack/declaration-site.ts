// Where the engine records each resource of a YAML stack as declared: the object's line in the
// stack file, not this package's compiled code.
//
// The Node SDK records a declaration trace with every resource it registers (Resource.callsites:
// it raises Error.stackTraceLimit, reads `new Error().stack` and parses `at … (file:line:col)`
// lines), and the engine stores it in the state as `sourcePosition` and `stackTrace`. For a YAML
// stack those frames are the stack loader's own code, of no use to whoever wrote the stack, and
// about 350 bytes of every resource's record, which the file backend writes again after every step.
// While one object is declared, the trace the SDK asks for reads as one frame: the object's line.

import * as path from "path";

export interface DeclarationSite {
  /** The stack file, as it was loaded (relative paths are the program folder's). */
  file: string;
  line: number;
  col: number;
  /** The stack path, e.g. `resources.SharedData`: the frame's name. */
  path: string;
}

/** The SDK's own frames at the top of the trace it takes (callsites, stackTrace and the constructors: Resource.stackTrace(4) drops them). */
const SDK_FRAMES = 5;

/** The function of the SDK that takes the trace: only its trace is rewritten. */
const TRACE_TAKER = "callsites";

const v8Style = (error: Error, frames: NodeJS.CallSite[]): string =>
  [String(error), ...frames.map((f) => `    at ${String(f)}`)].join("\n");

/**
 * Runs `declare` (which registers one resource) so that the SDK records `site` as where the resource
 * was declared. Any other trace taken meanwhile is formatted as before. Were the SDK to skip a
 * different number of its own frames, the resource would carry a frame more or none: never a wrong
 * line for another object.
 */
export function declaredAt<T>(site: DeclarationSite | undefined, declare: () => T): T {
  if (!site) return declare();
  const previous = Error.prepareStackTrace;
  const frame = `    at ${site.path} (${path.resolve(site.file)}:${site.line}:${site.col})`;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown => {
    if (frames[0]?.getFunctionName() !== TRACE_TAKER) return previous ? previous(error, frames) : v8Style(error, frames);
    return [v8Style(error, frames.slice(0, SDK_FRAMES)), frame].join("\n");
  };
  try {
    return declare();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
