// Compares a conversation with the recorded answers of a real controller, ignoring only what
// must differ between two controllers: UUIDs, timestamps, error-report ids, plus the paths a
// call names explicitly (each with its reason, kept in the fixture).
import type { Json, TapeEntry } from "./wire";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g;
/** error report ids look like 6930A1B2-00000-000003 */
const ERR_ID = /\b[0-9A-F]{8}-[0-9A-F]{5}-\d{6}\b/g;
const TIME_KEYS = new Set(["created_at", "create_timestamp", "creation_time", "timestamp"]);

export function normalize(v: Json, keyName = ""): Json {
  if (typeof v === "string") return v.replace(UUID, "<uuid>").replace(ISO, "<time>").replace(ERR_ID, "<error-report>");
  if (TIME_KEYS.has(keyName) && (typeof v === "number" || typeof v === "bigint")) return "<time>";
  if (Array.isArray(v)) {
    const out = v.map((x) => normalize(x));
    return keyName === "error_report_ids" ? out.map(() => "<error-report>") : sortSatelliteRuns(out);
  }
  if (v && typeof v === "object") {
    const o: Record<string, Json> = {};
    for (const k of Object.keys(v).sort()) o[k] = TIME_KEYS.has(k) && typeof v[k] === "string" ? "<time>" : normalize(v[k], k);
    return o;
  }
  return v;
}

/**
 * Satellites answer in no fixed order, and the controller's entries about each satellite come
 * with its answer: from the first "(node) …" entry on, an RC list is compared as a multiset.
 */
function sortSatelliteRuns(list: Json[]): Json[] {
  const isSat = (x: Json) => !!x && typeof x === "object" && !Array.isArray(x) && typeof x.message === "string" && /^\([^)]+\) /.test(x.message);
  const first = list.findIndex(isSat);
  if (first < 0) return list;
  const key = (x: Json) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return [...list.slice(0, first), ...list.slice(first).sort((a, b) => key(a).localeCompare(key(b)))];
}

/** `a.b[*].c` style paths; `*` matches any key or index. */
function ignored(path: string[], patterns: string[][]): boolean {
  return patterns.some((p) => p.length <= path.length && p.every((seg, i) => seg === "*" || seg === path[i]));
}

function splitPath(p: string): string[] {
  return p
    .replace(/\[(\*|\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean);
}

export function diff(expected: Json, actual: Json, ignore: string[] = []): string[] {
  const pats = ignore.map(splitPath);
  const out: string[] = [];
  walk(normalize(expected), normalize(actual), [], pats, out);
  return out;
}

function show(v: Json | undefined): string {
  if (v === undefined) return "(absent)";
  const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return s.length > 160 ? s.slice(0, 160) + "…" : s;
}

function walk(e: Json | undefined, a: Json | undefined, path: string[], pats: string[][], out: string[]): void {
  if (ignored(path, pats)) return;
  const where = path.join(".") || "(body)";
  if (Array.isArray(e) && Array.isArray(a)) {
    for (let i = 0; i < Math.max(e.length, a.length); i++) walk(e[i], a[i], [...path, String(i)], pats, out);
    return;
  }
  if (e && a && typeof e === "object" && typeof a === "object" && !Array.isArray(e) && !Array.isArray(a)) {
    for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) walk(e[k], a[k], [...path, k], pats, out);
    return;
  }
  const same = typeof e === "bigint" || typeof a === "bigint" ? String(e) === String(a) : e === a;
  if (!same) out.push(`${where}: recorded ${show(e)}, got ${show(a)}`);
}

/** Differences between a recorded conversation and a new one, call by call. */
export function compareTapes(recorded: TapeEntry[], actual: TapeEntry[]): string[] {
  const out: string[] = [];
  for (const r of recorded) {
    const a = actual.find((x) => x.id === r.id);
    if (!a) {
      out.push(`${r.id}: not called`);
      continue;
    }
    if (r.status !== a.status) out.push(`${r.id} (${r.method} ${r.path}): status recorded ${r.status}, got ${a.status}`);
    const ignore = Object.keys({ ...(r.ignore ?? {}), ...(a.ignore ?? {}) });
    for (const d of diff(r.body, a.body, ignore)) out.push(`${r.id} (${r.method} ${r.path}): ${d}`);
  }
  return out;
}
