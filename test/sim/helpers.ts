// Shared helpers for the simulator tests: raw HTTP against a running simulator (the raw body
// text is kept so exact 64-bit ret_code digits can be asserted).
import * as http from "node:http";

export interface RawReply {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, base);
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const req = http.request(u, { method, headers: { ...(payload ? { "Content-Type": "application/json", "Content-Length": String(payload.length) } : {}), ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, headers: res.headers, json });
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Raw bytes (data plane reads). */
export function callBytes(base: string, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, base), { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      })
      .on("error", reject);
  });
}

/** All ret_code digits of a raw RC body, exactly as written. */
export function retCodes(text: string): string[] {
  return [...text.matchAll(/"ret_code":(-?\d+)/g)].map((m) => m[1]);
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
