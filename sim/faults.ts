// Fault injection rules, switchable at run time (/sim/faults) and by CLI flags. Random decisions
// come from a seeded generator so a run can be repeated.

export type FaultKind = "error" | "latency" | "drop" | "stall-resync";

export interface FaultRule {
  id: string;
  kind: FaultKind;
  status?: number;
  ms?: number;
  method?: string;
  path?: string;
  count?: number;
  rate?: number;
  after?: boolean;
  resource?: string;
  node?: string;
  hits: number;
}

export interface FaultDecision {
  error?: FaultRule;
  latencyMs: number;
  drop?: FaultRule;
}

/** mulberry32: small, seedable, good enough for fault dice. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: FaultKind[] = ["error", "latency", "drop", "stall-resync"];
const FIELDS: Record<FaultKind, string[]> = {
  error: ["kind", "status", "method", "path", "count", "rate"],
  latency: ["kind", "ms", "method", "path", "count", "rate"],
  drop: ["kind", "method", "path", "count", "rate", "after"],
  "stall-resync": ["kind", "resource", "node"],
};

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private rand: () => number;

  constructor(seed = 1) {
    this.rand = prng(seed);
  }

  setSeed(seed: number): void {
    this.rand = prng(seed);
  }

  /** Validates and adds a rule; returns an error text for a bad rule. */
  add(spec: Record<string, unknown>): FaultRule | string {
    const kind = spec.kind as FaultKind;
    if (!KINDS.includes(kind)) return `unknown fault kind '${String(spec.kind)}' (error, latency, drop, stall-resync)`;
    for (const k of Object.keys(spec)) if (!FIELDS[kind].includes(k)) return `field '${k}' is not valid for a '${kind}' fault`;
    if (kind === "error" && ![500, 502, 503, 504].includes(Number(spec.status ?? 500))) return "status must be 500, 502, 503 or 504";
    if (kind === "latency" && !(Number(spec.ms) >= 0)) return "latency needs ms >= 0";
    if (spec.rate !== undefined && !(Number(spec.rate) >= 0 && Number(spec.rate) <= 1)) return "rate must be within 0..1";
    if (spec.path !== undefined) {
      try {
        new RegExp(String(spec.path));
      } catch {
        return `path is not a valid regular expression: ${String(spec.path)}`;
      }
    }
    const rule: FaultRule = {
      id: String(this.nextId++),
      kind,
      status: kind === "error" ? Number(spec.status ?? 500) : undefined,
      ms: kind === "latency" ? Number(spec.ms) : undefined,
      method: spec.method !== undefined ? String(spec.method).toUpperCase() : undefined,
      path: spec.path !== undefined ? String(spec.path) : undefined,
      count: spec.count !== undefined ? Number(spec.count) : undefined,
      rate: spec.rate !== undefined ? Number(spec.rate) : undefined,
      after: kind === "drop" ? Boolean(spec.after) : undefined,
      resource: spec.resource !== undefined ? String(spec.resource) : undefined,
      node: spec.node !== undefined ? String(spec.node) : undefined,
      hits: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const n = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== n;
  }

  clear(): void {
    this.rules = [];
  }

  private fires(r: FaultRule, method: string, p: string): boolean {
    if (r.method && r.method !== method) return false;
    if (r.path && !new RegExp(r.path).test(p)) return false;
    if (r.count !== undefined && r.count <= 0) return false;
    if (r.rate !== undefined && !(this.rand() < r.rate)) return false;
    r.hits++;
    if (r.count !== undefined) r.count--;
    return true;
  }

  /** What happens to this request: the first matching error or drop wins; latencies add up. */
  decide(method: string, p: string): FaultDecision {
    const d: FaultDecision = { latencyMs: 0 };
    for (const r of this.rules) {
      if (r.kind === "latency") {
        if (this.fires(r, method, p)) d.latencyMs += r.ms ?? 0;
      } else if (r.kind === "error" && !d.error && !d.drop) {
        if (this.fires(r, method, p)) d.error = r;
      } else if (r.kind === "drop" && !d.error && !d.drop) {
        if (this.fires(r, method, p)) d.drop = r;
      }
    }
    this.rules = this.rules.filter((r) => r.kind === "stall-resync" || r.count === undefined || r.count > 0);
    return d;
  }

  /** Is the resync of this resource on this node stalled? */
  stalled(resource: string, node: string): boolean {
    return this.rules.some(
      (r) =>
        r.kind === "stall-resync" &&
        (r.resource === undefined || r.resource.toUpperCase() === resource.toUpperCase()) &&
        (r.node === undefined || r.node.toUpperCase() === node.toUpperCase()),
    );
  }
}
