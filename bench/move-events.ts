// A replica move as the simulator's event log saw it: when the new replica's resync started and
// ended, and when the old replica was deleted. Shared by the convergence and move sections.

import type { SimEvent } from "../harness/sim";

const time = (e: SimEvent): number => Number(e.time ?? e.ts);

export interface MoveTimes {
  start: number;
  done: number;
  deleted: number;
}

/** The move of `rd` from `from` to `to` in `events` (the last deletion of `from`); throws when one is missing. */
export function moveTimes(events: SimEvent[], rd: string, from: string, to: string): MoveTimes {
  const mine = events.filter((e) => e.resource?.toUpperCase() === rd.toUpperCase());
  const start = mine.find((e) => e.type === "resync-start" && e.node === to);
  const done = mine.find((e) => e.type === "resync-done" && e.node === to);
  const deleted = mine.filter((e) => e.type === "resource-deleted" && e.node === from).pop();
  if (!start || !done || !deleted) {
    throw new Error(`move of ${rd} ${from} → ${to} not seen in the event log: ${mine.map((e) => `${e.type}@${e.node}`).join(", ")}`);
  }
  return { start: time(start), done: time(done), deleted: time(deleted) };
}
