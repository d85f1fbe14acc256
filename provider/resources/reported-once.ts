// Expected errors reach the user once. For an error thrown by check, diff, read or delete, the
// Node.js dynamic-provider host prints `${err}: ${err.stack}` to its stderr, which the engine shows
// under the stack resource, next to the error it already shows under the resource itself: the
// message twice and a JavaScript stack trace. A refusal, a validation problem or a controller's
// answer is not a bug, so that second report is dropped; programming errors keep their trace.

/** The reports the host is about to print for expected errors (each dropped once). */
const expectedReports = new Set<string>();
let installed = false;

/** Built-in errors that mean a bug in this code, whose stack trace helps whoever reports it. */
const BUGS = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError];

function isExpected(err: unknown): err is Error {
  return err instanceof Error && !BUGS.some((bug) => err instanceof bug);
}

function install(): void {
  if (installed) return;
  installed = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]): void => {
    if (args.length === 1 && typeof args[0] === "string" && expectedReports.delete(args[0])) return;
    print(...args);
  };
}

/** Runs one provider operation; if it throws an expected error, the host's stderr copy is dropped. */
export async function reportedOnce<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (isExpected(err)) {
      install();
      expectedReports.add(`${err}: ${err.stack}`);
    }
    throw err;
  }
}
