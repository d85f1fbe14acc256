// The one place that speaks HTTP to LINSTOR: axios, controller failover, retries, lossless parsing,
// ApiCallRc errors and request counting.
//
// Retry policy. A transient fault is either "not delivered" (the TCP connect failed: the
// controller never saw the request) or "maybe delivered" (reset, hang-up, timeout, 502/503/504:
// the controller may have acted). Not-delivered faults fail over to the next controller and are
// retried for every call. Maybe-delivered faults are retried according to the call's RetryClass:
//   - "safe":    repeating cannot act twice (GETs, absolute PUTs, deletes answered with
//                WARN_NOT_FOUND when repeated, resource creates answered with INFO already-exists);
//   - "verify":  a create whose repeat would fail with FAIL_EXISTS: before repeating, the call's
//                `landed()` check (a GET) tells whether the first attempt took effect;
//   - "never":   the operation could act twice and nothing can tell whether it landed: no retry
//                (every write of the client has a "verify" check now; the class stays for callers).

import axios, { AxiosInstance } from "axios";
import * as http from "http";
import * as https from "https";
import { ResolvedConnection } from "./endpoint";
import { LinstorApiError, LinstorConnectionError, LinstorHttpError, RequestInfo } from "./errors";
import { ApiCallRc, clientNote, decodeRc, isRawRcList } from "./rc";
import { parseLossless } from "./json";

export type RetryClass = "safe" | "verify" | "never";

export interface RetryOptions {
  /** Total attempts for one call, including the first. Default 5. */
  attempts?: number;
  /** First backoff delay. Default 100 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 2000 ms. */
  maxDelayMs?: number;
}

export type QueryValue = string | number | boolean | undefined | (string | number)[];

export interface CallSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Route template, e.g. /v1/resource-definitions/{rd}/resources/{node}; `{name+}` keeps slashes. */
  route: string;
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  retry: RetryClass;
  /** For RetryClass "verify": did an earlier, maybe-delivered attempt take effect? */
  landed?: () => Promise<boolean>;
  timeoutMs?: number;
}

/** What write listeners learn about a write: which route, which names, which body. */
export type WriteCall = Pick<CallSpec, "method" | "route" | "params" | "body">;

/** What the services need of a transport: one call. */
export interface Caller {
  call(spec: CallSpec): Promise<CallResult>;
}

/** See Transport.onRead. */
export type ReadListener = (call: CallSpec) => ((result: CallResult) => void) | undefined;

/** See Transport.onWrite. */
export type WriteListener = (call: WriteCall) => (() => void) | undefined;

export interface CallResult {
  status: number;
  body: unknown;
}

export interface RequestStats {
  /** HTTP requests sent (every attempt counts). */
  total: number;
  /** Per route template, e.g. "GET /v1/view/resources". */
  byRoute: Record<string, number>;
}

export interface TransportOptions {
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Receives one line per retry or failover. Never gets credentials. */
  log?: (message: string) => void;
  /** Randomness for jitter (tests may pin it). */
  random?: () => number;
}

const NOT_DELIVERED = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EADDRNOTAVAIL"]);
const MAYBE_DELIVERED = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "ERR_SOCKET_CONNECTION_TIMEOUT", "ESOCKETTIMEDOUT"]);
const TRANSIENT_STATUS = new Set([502, 503, 504]);
/** Attempts of a GET that the controller answers with 500. */
const GET_500_ATTEMPTS = 3;

type Fault = { kind: "not-delivered" | "maybe-delivered"; code: string; message: string };

function classifyNetworkError(err: unknown): Fault | undefined {
  if (!axios.isAxiosError(err) || err.response) return undefined;
  const code = err.code ?? "";
  // Only code and message travel on: the axios error holds the config, including headers.
  const message = err.message || code;
  if (NOT_DELIVERED.has(code)) return { kind: "not-delivered", code, message };
  if (MAYBE_DELIVERED.has(code) || /socket hang up|timeout/i.test(message)) return { kind: "maybe-delivered", code: code || "ECONNRESET", message };
  return undefined;
}

/**
 * Over HTTPS a controller with a truststore refuses a missing or untrusted client certificate in
 * the TLS handshake: the client sees an SSL alert or a bare reset. Say so, and what to check.
 */
function withTlsHint(base: string, code: string, message: string): string {
  if (!base.startsWith("https:") || !(code === "ECONNRESET" || code.startsWith("ERR_SSL_") || /certificate/i.test(message))) return message;
  return `${message.trim()} — the TLS connection to ${base} failed: check that the controller's certificate is signed by the configured CA (caCert, LS_ROOT_CA) and that the client certificate (clientCert/clientKey, LS_USER_CERTIFICATE/LS_USER_KEY) is one the controller trusts`;
}

export function buildPath(route: string, params: Record<string, string | number> = {}, query: Record<string, QueryValue> = {}): string {
  const path = route.replace(/\{(\w+)(\+?)\}/g, (_m, name: string, keepSlash: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${route}`);
    const enc = encodeURIComponent(String(v));
    return keepSlash ? enc.replace(/%2F/gi, "/") : enc;
  });
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    // Multi-valued parameters repeat the key (?nodes=a&nodes=b); the controller does not split commas.
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`);
  }
  return parts.length ? `${path}?${parts.join("&")}` : path;
}

export class Transport {
  private readonly axios: AxiosInstance;
  private active = 0;
  private readonly counts: RequestStats = { total: 0, byRoute: {} };
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly log: (m: string) => void;
  private readonly random: () => number;

  constructor(readonly connection: ResolvedConnection, opts: TransportOptions = {}) {
    this.attempts = Math.max(1, opts.retry?.attempts ?? 5);
    this.baseDelayMs = opts.retry?.baseDelayMs ?? 100;
    this.maxDelayMs = opts.retry?.maxDelayMs ?? 2000;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.log = opts.log ?? (() => undefined);
    this.random = opts.random ?? Math.random;
    const { tls } = connection;
    this.axios = axios.create({
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key }),
      // We parse ourselves (losslessly) and judge every status ourselves.
      responseType: "text",
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      maxRedirects: 5,
      headers: {
        Accept: "application/json",
        "User-Agent": "pulumi-linstor",
        ...(connection.authorization ? { Authorization: connection.authorization } : {}),
      },
    });
  }

  /** The controller currently used (after failover). */
  get endpoint(): string {
    return this.connection.endpoints[this.active];
  }

  private readonly writeListeners: WriteListener[] = [];

  /**
   * Called when a write (non-GET) call starts, with the call; what it returns is called when the
   * call ends, whatever its outcome: caches of live state note here what a write may change.
   */
  onWrite(listener: WriteListener): void {
    this.writeListeners.push(listener);
  }

  private readonly readListeners: ReadListener[] = [];

  /**
   * Called when a GET starts, with the call; what it returns is called with the answer if the call
   * succeeds: caches of live state take fresh lists a step read anyway.
   */
  onRead(listener: ReadListener): void {
    this.readListeners.push(listener);
  }

  stats(): RequestStats {
    return { total: this.counts.total, byRoute: { ...this.counts.byRoute } };
  }

  resetStats(): void {
    this.counts.total = 0;
    this.counts.byRoute = {};
  }

  /** Runs one REST call; returns the parsed body, throws LinstorApiError / LinstorHttpError / LinstorConnectionError. */
  async call(spec: CallSpec): Promise<CallResult> {
    if (spec.method === "GET") {
      const answered = this.readListeners.map((l) => l(spec));
      const result = await this.callOnce(spec);
      for (const a of answered) a?.(result);
      return result;
    }
    const ended = this.writeListeners.map((l) => l(spec));
    try {
      return await this.callOnce(spec);
    } finally {
      for (const end of ended) end?.();
    }
  }

  private async callOnce(spec: CallSpec): Promise<CallResult> {
    const path = buildPath(spec.route, spec.params, spec.query);
    const routeKey = `${spec.method} ${spec.route}`;
    let lastFault: Fault | undefined;
    let maybeDelivered = false;
    const sent = { n: 0 };
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) {
        if (maybeDelivered && spec.retry === "verify" && spec.landed && (await this.landedSafely(spec.landed))) {
          return { status: 200, body: [rawNote(`${spec.method} ${path}: an earlier attempt had already taken effect (verified)`)] };
        }
        await sleep(this.backoff(attempt - 1));
      }
      const outcome = await this.sendWithFailover(spec, path, routeKey, sent);
      if ("result" in outcome) {
        try {
          return this.judge(outcome.result, spec, path);
        } catch (err) {
          // A repeated create answered "already exists" after an attempt whose answer was lost
          // (and whose landing the GET could not confirm then): confirm once more.
          if (maybeDelivered && spec.retry === "verify" && spec.landed && isExistsCode(err) && (await this.landedSafely(spec.landed))) {
            return { status: 200, body: [rawNote(`${spec.method} ${path}: an earlier attempt had already taken effect (verified)`)] };
          }
          // A read that failed inside the controller (a 500, e.g. a NullPointerException in
          // /v1/view/storage-pools while a pool is being deleted) is asked again a few times: a GET
          // changes nothing. A write's 500 carries the controller's verdict and is never repeated.
          if (spec.method === "GET" && outcome.result.status === 500 && attempt < Math.min(this.attempts, GET_500_ATTEMPTS)) {
            this.log(`linstor: ${spec.method} ${path} answered 500 (${(err as Error).message}); attempt ${attempt}/${GET_500_ATTEMPTS}`);
            continue;
          }
          throw err;
        }
      }
      lastFault = outcome.fault;
      if (lastFault.kind === "maybe-delivered") {
        maybeDelivered = true;
        if (spec.retry === "never") break;
        if (spec.retry === "verify" && !spec.landed) break;
      }
      this.log(`linstor: ${spec.method} ${path} failed (${lastFault.code}: ${lastFault.message}); attempt ${attempt}/${this.attempts}`);
    }
    const fault = lastFault as Fault;
    throw new LinstorConnectionError(this.info(spec, path), fault.code, withTlsHint(this.endpoint, fault.code, fault.message), sent.n);
  }

  private async landedSafely(landed: () => Promise<boolean>): Promise<boolean> {
    try {
      return await landed();
    } catch {
      return false;
    }
  }

  /** Tries the active controller, then the others in order, while connects fail. */
  private async sendWithFailover(spec: CallSpec, path: string, routeKey: string, sent: { n: number }): Promise<{ result: CallResult } | { fault: Fault }> {
    const n = this.connection.endpoints.length;
    let fault: Fault | undefined;
    for (let i = 0; i < n; i++) {
      const idx = (this.active + i) % n;
      const base = this.connection.endpoints[idx];
      this.counts.total++;
      this.counts.byRoute[routeKey] = (this.counts.byRoute[routeKey] ?? 0) + 1;
      sent.n++;
      try {
        const res = await this.axios.request<string>({
          method: spec.method,
          url: base + path,
          data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          headers: spec.body === undefined ? undefined : { "Content-Type": "application/json" },
          timeout: spec.timeoutMs ?? this.timeoutMs,
        });
        if (idx !== this.active) {
          this.log(`linstor: switched to controller ${base}`);
          this.active = idx;
        }
        if (TRANSIENT_STATUS.has(res.status)) {
          return { fault: { kind: "maybe-delivered", code: `HTTP_${res.status}`, message: `HTTP ${res.status} from ${base}` } };
        }
        return { result: { status: res.status, body: parseBody(res.data, String(res.headers["content-type"] ?? "")) } };
      } catch (err) {
        const f = classifyNetworkError(err);
        if (!f) throw new LinstorConnectionError(this.info(spec, path, base), errCode(err), withTlsHint(base, errCode(err), errMessage(err)), sent.n);
        fault = f;
        if (f.kind === "maybe-delivered") return { fault: f };
        this.log(`linstor: controller ${base} unreachable (${f.code})`);
      }
    }
    return { fault: fault as Fault };
  }

  private judge(res: CallResult, spec: CallSpec, path: string): CallResult {
    if (isRawRcList(res.body)) {
      const rcs = res.body.map(decodeRc);
      if (rcs.some((r) => r.severity === "error")) throw new LinstorApiError(rcs, res.status, this.info(spec, path));
    }
    if (res.status >= 400) {
      const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
      throw new LinstorHttpError(res.status, this.info(spec, path), text ?? "");
    }
    return res;
  }

  private info(spec: CallSpec, path: string, endpoint = this.endpoint): RequestInfo {
    return { method: spec.method, path, endpoint };
  }

  private backoff(retryNumber: number): number {
    const capped = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (retryNumber - 1));
    // "Equal jitter": half fixed, half random, so retries from many clients spread out.
    return capped / 2 + this.random() * (capped / 2);
  }
}

function parseBody(text: string, contentType: string): unknown {
  if (text === undefined || text === "") return undefined;
  const looksJson = contentType.includes("json") || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  try {
    return parseLossless(text);
  } catch {
    return text;
  }
}

function isExistsCode(err: unknown): boolean {
  return err instanceof LinstorApiError && err.code >= 500 && err.code <= 599;
}

function rawNote(message: string): Record<string, unknown> {
  const n = clientNote(message);
  return { ret_code: n.retCode, message: n.message };
}

function errCode(err: unknown): string {
  return axios.isAxiosError(err) ? err.code ?? "EUNKNOWN" : "EUNKNOWN";
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Decode an RC-list body of a successful mutation (empty when the controller sent nothing). */
export function rcsOf(res: CallResult): ApiCallRc[] {
  return isRawRcList(res.body) ? res.body.map(decodeRc) : [];
}
