// Atomic persistence of the whole state in one JSON file: write a temp file, fsync it, rename
// it over the old one and fsync the directory, so a SIGKILL leaves either the old or the new state.
import * as fs from "node:fs";
import * as path from "node:path";
import { SimStateData } from "./state";

export const STATE_FILE = "linstor-sim-state.json";
/** the event log is kept in memory; only its tail goes to disk so each write stays small */
const PERSISTED_EVENTS = 1000;

export function loadState(dir: string): SimStateData | undefined {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as SimStateData;
}

export function saveState(dir: string, state: SimStateData): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, STATE_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, JSON.stringify({ ...state, events: state.events.slice(-PERSISTED_EVENTS) }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dfd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}
