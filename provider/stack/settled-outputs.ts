// Stack outputs that stay true when an `up` fails.
//
// The SDK registers a stack's outputs once, after every one of them has resolved. When a resource
// fails, its outputs reject, the registration never reaches the engine (which stops at the failed
// step), and the engine keeps the outputs of the last successful run while its display marks each
// of them `-`, as if deleted (pulumi/pulumi#15755). The engine does keep the stack outputs the
// program registered *before* the failure, merged key by key over the old ones (pulumi#15754). So,
// during an `up`, the outputs are re-registered as their objects finish: an object that is done
// shows its values, one the run did not finish shows NOT_DONE. The SDK's own registration at the end
// of a successful run comes last and replaces them all.

import * as pulumi from "@pulumi/pulumi";

/** What a table shows for an object whose resource did not finish in a failed run. */
export const NOT_DONE = "not known: the last `pulumi up` failed before this object was done (see its error)";

/**
 * A program's stack outputs: each an object's output (`localData`), or a table of them, one per
 * object (`resources.LocalData`).
 */
export type StackOutputValues = Record<string, pulumi.Output<unknown> | Record<string, pulumi.Output<unknown>>>;

/**
 * The pause between two registrations of the tables while objects finish: 2.5 ms per object shown,
 * at most a second. Each registration costs the engine what a step does (the file backend writes
 * the whole state again: JSON, checksum, backup copy), and those writes pace a big `up`: at 300
 * definitions (312 objects) a quarter millisecond per object meant 261 registrations in one create,
 * 780 ms means about 50. The registrations matter only when the run does not finish; a failure is
 * registered at once (below), so the pause only delays the picture a cancelled run leaves.
 */
const pauseMs = (objects: number): number => Math.min(1000, objects * 2.5);

/** Whether an output rejected; its value otherwise (Output.promise is the SDK's own way to await one). */
function settle(o: pulumi.Output<unknown>): Promise<{ value: unknown } | { failed: true }> {
  const promise = (o as unknown as { promise(): Promise<unknown> }).promise();
  return promise.then((value) => ({ value }), () => ({ failed: true }));
}

/**
 * The stack outputs a program exports. In an `up` they never reject (an object whose resource
 * failed shows NOT_DONE), and they are registered with the engine as they fill, so a failed run
 * leaves the truth. In a preview they are the outputs as given.
 */
export function settledOutputs(outputs: StackOutputValues): Record<string, pulumi.Output<unknown>> {
  const byKey = (of: (key: string) => unknown): Record<string, pulumi.Output<unknown>> =>
    Object.fromEntries(Object.keys(outputs).map((k) => [k, pulumi.output(of(k))]));
  if (pulumi.runtime.isDryRun()) return byKey((k) => outputs[k]);

  const shown: Record<string, unknown> = {};
  const done: Promise<unknown>[] = [];
  let pending = 0;
  let failed = false;
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const register = () => {
    timer = undefined;
    last = Date.now();
    const stack = pulumi.runtime.getStackResource();
    // With nothing pending the SDK's own registration follows and must stay the last one; after a
    // failure the engine may stop before it arrives, so that run registers what it knows at once
    // (the values then are the ones the SDK's registration would carry).
    if (stack && (pending > 0 || failed)) pulumi.runtime.registerResourceOutputs(stack, structuredClone(shown));
  };
  /** Registers after the pause; after a failure in the next turn (the failures of one moment together). */
  const changed = () => {
    if (timer && !failed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(register, failed ? 0 : Math.max(0, last + pauseMs(done.length) - Date.now())).unref();
  };
  /** Shows NOT_DONE in `into[name]` until `output` settles, then its value if it has one. */
  const track = (into: Record<string, unknown>, name: string, output: pulumi.Output<unknown>) => {
    into[name] = NOT_DONE;
    pending++;
    done.push(settle(output).then((s) => {
      pending--;
      if ("value" in s) into[name] = s.value;
      // The engine stops at a failed step: what is done must reach it before the run ends.
      else failed = true;
      changed();
    }));
  };
  for (const [key, value] of Object.entries(outputs)) {
    if (pulumi.Output.isInstance(value)) track(shown, key, value);
    else {
      const table: Record<string, unknown> = (shown[key] = {});
      for (const [name, output] of Object.entries(value)) track(table, name, output);
    }
  }
  const all = Promise.all(done).then(() => shown);
  return byKey((k) => all.then((s) => s[k]));
}
