// A refresh that does not run the program records what the controller has in each resource, but
// the stack outputs are computed by the program: they keep what the last `up` computed. When such
// a refresh finds a change, the user is told once that the outputs no longer show it and how to
// get them recomputed.

import { isDeepStrictEqual } from "util";
import { engineLog } from "./engine-log";
import { programRuns } from "./engine-rpc";

export const STALE_OUTPUTS_WARNING = "this refresh changed resources but not the stack outputs, which still show the last `pulumi up`: " +
  "a refresh recomputes them only when it runs the program (`pulumi refresh --run-program`, or PULUMI_RUN_PROGRAM=true)";

let warned: Promise<void> | undefined;

/** After a read: warns once per process when a refresh without the program found a change. */
export async function noteRead(before: Record<string, unknown>, after: { id: string; props: Record<string, unknown> }): Promise<void> {
  if (warned) return;
  const changed = after.id === "" || Object.entries(after.props).some(([k, v]) => !isDeepStrictEqual(before[k], v));
  if (!changed) return;
  warned = (async () => {
    if ((await programRuns()) === false) await engineLog("warning", STALE_OUTPUTS_WARNING);
  })();
  await warned;
}
