// Stack outputs that stay true when an `up` fails.
//
// The SDK registers a stack's outputs once, after every one of them has resolved. When a resource
// fails, its outputs reject, the registration never reaches the engine (which stops at the failed
// step), and the engine keeps the outputs of the last successful run while its display marks each
// of them `-`, as if deleted (pulumi/pulumi#15755). The engine does keep the stack outputs the
// program registered *before* the failure, merged key by key over the old ones (pulumi#15754). So,
// during an `up`, each table is re-registered as its objects finish: an object that is done shows
// its values, one the run did not finish shows NOT_DONE. The SDK's own registration at the end of a
// successful run comes last and replaces them all.

import * as pulumi from "@pulumi/pulumi";

/** What a table shows for an object whose resource did not finish in a failed run. */
export const NOT_DONE = "not known: the last `pulumi up` failed before this object was done (see its error)";

/** Tables of per-object outputs, as the stack outputs show them (`resources.LocalData.nodes`, ...). */
export type Tables = Record<string, Record<string, pulumi.Output<unknown>>>;
type Shown = Record<string, Record<string, unknown>>;

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
 * The tables as stack outputs. In an `up` they never reject (an object whose resource failed shows
 * NOT_DONE), and they are registered with the engine as they fill, so a failed run leaves the truth.
 */
export function settledOutputs(tables: Tables): Record<string, pulumi.Output<Record<string, unknown>>> {
  const byTable = (of: (table: string) => unknown) =>
    Object.fromEntries(Object.keys(tables).map((t) => [t, pulumi.output(of(t))])) as Record<string, pulumi.Output<Record<string, unknown>>>;
  if (pulumi.runtime.isDryRun()) return byTable((t) => tables[t]);

  const shown: Shown = {};
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
  for (const [table, entries] of Object.entries(tables)) {
    shown[table] = {};
    for (const [name, output] of Object.entries(entries)) {
      shown[table][name] = NOT_DONE;
      pending++;
      done.push(settle(output).then((s) => {
        if ("value" in s) shown[table][name] = s.value;
        pending--;
        changed();
      }));
    }
  }
  const all = Promise.all(done).then(() => shown);
  return byTable((t) => all.then((s) => s[t]));
}
