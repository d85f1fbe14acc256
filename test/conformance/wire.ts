// The conformance suite's own HTTP access to a LINSTOR controller (the real one or linstor-sim):
// plain fetch, lossless JSON (ret_codes exceed 2^53), and a tape of every recorded call so that
// the recorder can write the answers and the test can compare them with the recorded ones.
import { parse, stringify } from "lossless-json";

export type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };

export interface Answer {
  status: number;
  /** parsed JSON, or the raw text when the body is not JSON */
  body: Json;
  json: boolean;
}

export interface TapeEntry {
  id: string;
  method: string;
  path: string;
  request?: Json | { raw: string };
  status: number;
  body: Json;
  /** JSON paths (see compare.ts) whose values may differ between controllers, with the reason */
  ignore?: Record<string, string>;
}

export interface CallOptions {
  /** a broken body sent as is */
  raw?: string;
  ignore?: Record<string, string>;
}

export function parseJson(text: string): Json {
  return parse(text, undefined, (s: string) => {
    const n = Number(s);
    return /^-?\d+$/.test(s) && !Number.isSafeInteger(n) ? BigInt(s) : n;
  }) as Json;
}

export function toJsonText(v: unknown, indent?: number): string {
  return stringify(v as Json, undefined, indent) ?? "null";
}

export class Conn {
  readonly tape: TapeEntry[] = [];
  constructor(readonly url: string) {}

  /** A call whose answer belongs to the recorded conversation (id unique within a sequence). */
  async call(id: string, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Answer> {
    if (this.tape.some((t) => t.id === id)) throw new Error(`duplicate call id ${id}`);
    const a = await this.send(method, path, body, opts.raw);
    const entry: TapeEntry = { id, method, path, status: a.status, body: a.body };
    if (opts.raw !== undefined) entry.request = { raw: opts.raw };
    else if (body !== undefined) entry.request = body as Json;
    if (opts.ignore) entry.ignore = opts.ignore;
    this.tape.push(entry);
    return a;
  }

  /** A call outside the recorded conversation (setup, polling, cleanup). */
  async peek(method: string, path: string, body?: unknown): Promise<Answer> {
    return this.send(method, path, body);
  }

  async get<T = Json>(path: string): Promise<T> {
    const a = await this.send("GET", path);
    if (a.status !== 200) throw new Error(`GET ${path}: HTTP ${a.status}: ${toJsonText(a.body).slice(0, 400)}`);
    return a.body as T;
  }

  /** Polls `fn` until it returns something truthy (for state that settles in the background). */
  async until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async send(method: string, path: string, body?: unknown, raw?: string): Promise<Answer> {
    const payload = raw ?? (body === undefined ? undefined : toJsonText(body));
    const res = await fetch(this.url + path, {
      method,
      body: payload,
      headers: payload === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json", Accept: "application/json" },
    });
    const text = await res.text();
    try {
      return { status: res.status, body: text === "" ? "" : parseJson(text), json: text !== "" };
    } catch {
      return { status: res.status, body: text, json: false };
    }
  }
}
