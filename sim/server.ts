// The HTTP server: routing, faults, request counting, gzip, CORS, errors as the controller
// answers them (JSON RC lists, also for an unknown path (404) or method (405)).
import * as http from "node:http";
import * as https from "node:https";
import * as zlib from "node:zlib";
import { entry, rawCode, withContext } from "./apicallrc";
import { AuthOptions, checkCredentials } from "./auth";
import { SimCore, sleep } from "./core";
import { Ctx, match, Reply, Route } from "./http";
import { toControllerJson } from "./json";
import { connectionRoutes } from "./routes/connections";
import { controllerRoutes } from "./routes/controller";
import { keyValueStoreRoutes } from "./routes/key-value-store";
import { netInterfaceRoutes } from "./routes/net-interfaces";
import { nodeRoutes } from "./routes/nodes";
import { resourceDefinitionRoutes } from "./routes/resource-definitions";
import { resourceGroupRoutes } from "./routes/resource-groups";
import { resourceRoutes } from "./routes/resources";
import { simControlRoutes } from "./routes/sim-control";
import { snapshotRoutes } from "./routes/snapshots";
import { storagePoolRoutes } from "./routes/storage-pools";

export const ROUTES: Route[] = [
  ...controllerRoutes,
  ...nodeRoutes,
  ...netInterfaceRoutes,
  ...storagePoolRoutes,
  ...resourceGroupRoutes,
  ...resourceDefinitionRoutes,
  ...resourceRoutes,
  ...snapshotRoutes,
  ...connectionRoutes,
  ...keyValueStoreRoutes,
  ...simControlRoutes,
];

const MAX_BODY = 512 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on("data", (d: Buffer) => {
      n += d.length;
      if (n > MAX_BODY) reject(new Error("body too large"));
      else chunks.push(d);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
  let payload = typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : (reply.body ?? Buffer.alloc(0));
  const headers: http.OutgoingHttpHeaders = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS, HEAD",
    "Access-Control-Allow-Headers": "origin, content-type, accept, authorization",
  };
  if (reply.contentType) headers["Content-Type"] = reply.contentType;
  Object.assign(headers, reply.headers ?? {});
  // Grizzly compresses JSON bodies of 1000 bytes or more for clients that accept gzip
  if (reply.contentType === "application/json" && payload.length >= 1000 && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    payload = zlib.gzipSync(payload);
    headers["Content-Encoding"] = "gzip";
  }
  headers["Content-Length"] = payload.length;
  res.writeHead(reply.status, headers);
  res.end(req.method === "HEAD" ? undefined : payload);
}

/** Jersey's NotFound/NotAllowed exceptions, as LinstorMapper (GrizzlyHttpService) answers them. */
function noRoute(status: 404 | 405, method: string, path: string): Reply {
  const message = status === 404 ? `Path '${path}' not found on server.` : `Method '${method}' not allowed on path '${path}'.`;
  const details = status === 404 ? "HTTP 404 Not Found" : "HTTP 405 Method Not Allowed";
  return { status, body: toControllerJson([entry(rawCode("FAIL_UNKNOWN_ERROR"), message, { details })]), contentType: "application/json" };
}

export interface ServerOptions {
  auth?: AuthOptions;
  /** HTTPS instead of HTTP; `ca` set = every client must present a certificate signed by it */
  tls?: { cert: string; key: string; ca?: string };
}

export function createServer(sim: SimCore, opts: ServerOptions = {}): http.Server {
  const listener: http.RequestListener = (req, res) => {
    void handle(sim, opts.auth ?? {}, req, res).catch((e) => {
      try {
        const body = toControllerJson([entry(withContext(rawCode("FAIL_UNKNOWN_ERROR")), `An unknown error occurred: ${(e as Error).message}`)]);
        send(req, res, { status: 500, body, contentType: "application/json" });
      } catch {
        res.destroy();
      }
    });
  };
  if (!opts.tls) return http.createServer(listener);
  const { cert, key, ca } = opts.tls;
  return https.createServer({ cert, key, ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}) }, listener);
}

async function handle(sim: SimCore, auth: AuthOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim");
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  const counted = path.startsWith("/v1/") || path === "/health";
  const raw = await readBody(req);
  if (method === "OPTIONS") return send(req, res, { status: 200 });
  const m = match(ROUTES, method === "HEAD" ? "GET" : method, path);

  // faults apply to the REST API only, before the call changes anything
  const fault = counted ? sim.faults.decide(method, path) : { latencyMs: 0 };
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.drop && !fault.drop.after) {
    sim.requests.record(method, path, m.route?.pattern, 0);
    req.socket.destroy();
    return;
  }
  if (fault.error) {
    const status = fault.error.status ?? 500;
    sim.requests.record(method, path, m.route?.pattern, status);
    const body = toControllerJson([
      entry(withContext(rawCode("FAIL_UNKNOWN_ERROR")), `Injected fault: HTTP ${status} for ${method} ${path}`, { cause: "linstor-sim fault injection", details: `fault #${fault.error.id}` }),
    ]);
    return send(req, res, { status, body, contentType: "application/json" });
  }

  let reply: Reply;
  // the controller checks credentials for every REST call (RequestHelper.createContext), before routing
  const refusal = path.startsWith("/v1/") ? checkCredentials(auth, req) : undefined;
  if (refusal) reply = refusal;
  else if (!m.route) reply = noRoute(m.pathMatched ? 405 : 404, method, path);
  else {
    const ctx: Ctx = { sim, req, method, path, pattern: m.route.pattern, params: m.params, query: url.searchParams, raw };
    reply = await m.route.handler(ctx);
  }
  if (counted) sim.requests.record(method, path, m.route?.pattern, fault.drop ? 0 : reply.status);
  if (fault.drop) {
    // drop after: the change is applied, the answer is lost
    req.socket.destroy();
    return;
  }
  send(req, res, reply);
}
