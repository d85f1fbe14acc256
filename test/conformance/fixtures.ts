// The recorded answers of a real controller: recorded/controller.json (version, date, cluster)
// and one recorded/<sequence>.json per sequence.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Cluster } from "./cluster";
import { parseJson, TapeEntry, toJsonText } from "./wire";

export const RECORDED_DIR = path.join(__dirname, "recorded");

export interface RecordingMeta {
  controller: { version: string; git_hash?: string; rest_api_version?: string };
  recorded_at: string;
  endpoint: string;
  cluster: Cluster;
}

export interface RecordedSequence {
  sequence: string;
  recorded_at: string;
  controller_version: string;
  calls: TapeEntry[];
}

export function readMeta(): RecordingMeta | undefined {
  const f = path.join(RECORDED_DIR, "controller.json");
  return fs.existsSync(f) ? (parseJson(fs.readFileSync(f, "utf8")) as unknown as RecordingMeta) : undefined;
}

export function readRecorded(name: string): RecordedSequence | undefined {
  const f = path.join(RECORDED_DIR, `${name}.json`);
  return fs.existsSync(f) ? (parseJson(fs.readFileSync(f, "utf8")) as unknown as RecordedSequence) : undefined;
}

export function writeJson(file: string, v: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, toJsonText(v, 2) + "\n");
}
