// Shared test helper: a simulator on 127.0.0.1, port 0, for one test suite, plus typed access to
// its /sim/ endpoints (event log, request log, data plane, faults, node online/offline).
//
//   const sim = useSimulator({ resyncRateKibPerSec: 1 << 20 });   // before/after hooks
//   it("...", async () => { const c = sim().client(); ... await sim().checksum("r", "n", 0); });
//
// Tests talk to the simulator only over HTTP (the provider never imports sim/).

import * as crypto from "crypto";
import { LinstorClient, LinstorClientOptions } from "../provider/client";
import { SimOptions, startSimulator } from "../sim";

/** What a test may set of the simulator's options (port and host are the helper's). */
export type SimStartOptions = Omit<SimOptions, "port" | "host">;

interface SimServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** One entry of the simulator's event log. */
export interface SimEvent {
  seq: number;
  ts?: string | number;
  type: string;
  resource?: string;
  node?: string;
  /** Diskful replicas of `resource` with every volume UpToDate after this event. */
  upToDate?: number;
  [k: string]: unknown;
}

export interface SimRequests {
  total: number;
  byRoute: Record<string, number>;
  byPath: Record<string, number>;
  log: { method: string; path: string; status?: number }[];
}

export interface FaultSpec {
  kind: "error" | "latency" | "drop" | "stall-resync";
  status?: number;
  method?: string;
  /** Regular expression on the request path. */
  path?: string;
  count?: number;
  rate?: number;
  ms?: number;
  /** drop: after the controller has processed the request (maybe-delivered). */
  after?: boolean;
  resource?: string;
  node?: string;
}

export class SimHandle {
  constructor(private readonly server: SimServer) {}

  get url(): string {
    return this.server.url;
  }

  get port(): number {
    return this.server.port;
  }

  /** A client for this simulator; fast retries so fault tests stay quick. */
  client(opts: LinstorClientOptions = {}): LinstorClient {
    return new LinstorClient({ endpoint: this.url, env: {}, retry: { baseDelayMs: 10, maxDelayMs: 50, ...opts.retry }, ...opts });
  }

  async events(since = 0): Promise<SimEvent[]> {
    const body = await this.call("GET", `/sim/events?since=${since}`);
    return (Array.isArray(body) ? body : (body as { events: SimEvent[] }).events) as SimEvent[];
  }

  requests(): Promise<SimRequests> {
    return this.call("GET", "/sim/requests") as Promise<SimRequests>;
  }

  async clearRequests(): Promise<void> {
    await this.call("DELETE", "/sim/requests");
  }

  async fault(spec: FaultSpec): Promise<void> {
    await this.call("POST", "/sim/faults", spec);
  }

  /** Changes the simulator's run-time configuration (POST /sim/config). */
  async configure(cfg: { resyncRateKibPerSec?: number; satelliteDelayMs?: number }): Promise<void> {
    await this.call("POST", "/sim/config", cfg);
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/sim/faults");
  }

  async setNodeOnline(node: string, online: boolean): Promise<void> {
    await this.call("POST", `/sim/nodes/${encodeURIComponent(node)}/${online ? "online" : "offline"}`);
  }

  async writeData(rd: string, node: string, volume: number, offset: number, data: Buffer): Promise<void> {
    await this.raw("PUT", `${this.dataPath(rd, node, volume)}?offset=${offset}`, data);
  }

  async readData(rd: string, node: string, volume: number, offset: number, length: number): Promise<Buffer> {
    const res = await this.raw("GET", `${this.dataPath(rd, node, volume)}?offset=${offset}&length=${length}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async checksum(rd: string, node: string, volume: number): Promise<string> {
    const body = (await this.call("GET", `${this.dataPath(rd, node, volume)}/checksum`)) as { sha256: string };
    return body.sha256;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private dataPath(rd: string, node: string, volume: number): string {
    return `/sim/data/${encodeURIComponent(rd)}/${encodeURIComponent(node)}/${volume}`;
  }

  private async raw(method: string, p: string, body?: Buffer | string): Promise<Response> {
    const res = await fetch(this.url + p, {
      method,
      body,
      headers: body === undefined ? undefined : { "Content-Type": typeof body === "string" ? "application/json" : "application/octet-stream" },
    });
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res;
  }

  private async call(method: string, p: string, body?: unknown): Promise<unknown> {
    const res = await this.raw(method, p, body === undefined ? undefined : JSON.stringify(body));
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  }
}

export async function startSim(opts: SimStartOptions = {}): Promise<SimHandle> {
  const server = await startSimulator({ port: 0, seedCluster: true, ...opts });
  return new SimHandle(server);
}

/**
 * Mocha hooks: a fresh simulator for the enclosing describe. Returns a getter for the running
 * handle. `opts` may be a function, read when the simulator starts (after earlier before hooks);
 * `each`: a fresh simulator for every test.
 */
export function useSimulator(opts: SimStartOptions | (() => SimStartOptions) = {}, scope: { each?: boolean } = {}): () => SimHandle {
  let handle: SimHandle | undefined;
  (scope.each ? beforeEach : before)(async function () {
    handle = await startSim(typeof opts === "function" ? opts() : opts);
  });
  (scope.each ? afterEach : after)(async () => {
    await handle?.stop();
    handle = undefined;
  });
  return () => {
    if (!handle) throw new Error("simulator not running");
    return handle;
  };
}

/** Deterministic test bytes. */
export function pattern(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let block = crypto.createHash("sha256").update(seed).digest();
  for (let i = 0; i < length; i += block.length) {
    block.copy(out, i, 0, Math.min(block.length, length - i));
    block = crypto.createHash("sha256").update(block).digest();
  }
  return out;
}
