// Counts of the REST calls the simulator answered (/v1 and /health only): by route template,
// by concrete path, and a log. Benchmarks and tests read it through GET /sim/requests.

export interface RequestRecord {
  seq: number;
  time: number;
  method: string;
  path: string;
  status: number;
}

const MAX_LOG = 50000;

export class RequestLog {
  private seq = 0;
  total = 0;
  byRoute: Record<string, number> = {};
  byPath: Record<string, number> = {};
  log: RequestRecord[] = [];

  record(method: string, path: string, template: string | undefined, status: number): void {
    this.total++;
    const r = `${method} ${template ?? path}`;
    this.byRoute[r] = (this.byRoute[r] ?? 0) + 1;
    const p = `${method} ${path}`;
    this.byPath[p] = (this.byPath[p] ?? 0) + 1;
    this.log.push({ seq: ++this.seq, time: Date.now(), method, path, status });
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
    this.byPath = {};
    this.log = [];
  }

  snapshot(): { total: number; byRoute: Record<string, number>; byPath: Record<string, number>; log: RequestRecord[] } {
    return { total: this.total, byRoute: { ...this.byRoute }, byPath: { ...this.byPath }, log: [...this.log] };
  }
}
