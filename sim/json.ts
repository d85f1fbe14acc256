// JSON output the way the LINSTOR controller writes it: Jackson NON_EMPTY (nulls, empty strings,
// empty lists and empty maps are left out; false and 0 stay) and exact 64-bit integers (BigInt
// values are written as their decimal digits, which JSON.stringify cannot do).

export type JsonOut = unknown;

const POJO = Symbol("pojo");

/** Marks an object as a Java bean: NON_EMPTY keeps it even without fields (e.g. a resource's `state: {}`). */
export function pojo<T extends object>(o: T): T {
  (o as Record<symbol, boolean>)[POJO] = true;
  return o;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === "object" && (v as Record<symbol, boolean>)[POJO]) return false;
  if (typeof v === "string") return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object" && !(v instanceof Date)) return Object.keys(v as object).length === 0;
  return false;
}

/** Serializes like the controller: empties dropped inside objects, BigInt as exact digits. */
export function toControllerJson(value: unknown): string {
  return write(value, true);
}

function write(v: unknown, top: boolean): string {
  if (typeof v === "bigint") return v.toString();
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.filter((x) => x !== undefined).map((x) => write(x, false)).join(",") + "]";
  if (typeof v === "object") {
    const parts: string[] = [];
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (isEmpty(val)) continue;
      parts.push(JSON.stringify(k) + ":" + write(val, false));
    }
    void top;
    return "{" + parts.join(",") + "}";
  }
  return "null";
}

/** Plain JSON for the simulator-only /sim endpoints (no NON_EMPTY filtering). */
export function toPlainJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}
