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
 * The pause between two registrations of the tables while objects finish: a quarter millisecond
 * per object shown, at most a second, so the serializing of a big stack stays a small share of its run.
 */
const pauseMs = (objects: number) => Math.min(1000, objects / 4);

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
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const register = () => {
    timer = undefined;
    last = Date.now();
    const stack = pulumi.runtime.getStackResource();
    // With nothing pending the SDK's own registration follows; it must stay the last one.
    if (stack && pending > 0) pulumi.runtime.registerResourceOutputs(stack, structuredClone(shown));
  };
  const changed = () => {
    if (!timer) timer = setTimeout(register, Math.max(0, last + pauseMs(done.length) - Date.now())).unref();
  };
  /** Shows NOT_DONE in `into[name]` until `output` settles, then its value if it has one. */
  const track = (into: Record<string, unknown>, name: string, output: pulumi.Output<unknown>) => {
    into[name] = NOT_DONE;
    pending++;
    done.push(settle(output).then((s) => {
      if ("value" in s) into[name] = s.value;
      pending--;
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
