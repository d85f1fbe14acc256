// Where the controller is and how to authenticate, resolved the way the linstor tools do it.
//
// Endpoint order: explicit option, else provider config `linstor:endpoint` (through an injected
// reader, so this module never imports @pulumi/pulumi), else env LS_CONTROLLERS, else
// http://localhost:3370. Each is a comma list; the client fails over in order.
// Credentials come from options, the config reader, or the golinstor environment variables. They
// are only ever put into an https.Agent or an Authorization header, never into messages.

import * as fs from "fs";

/** Reads provider config; `new pulumi.Config("linstor")` fits (its get(key) reads `linstor:<key>`). */
export interface ConfigReader {
  get(key: string): string | undefined;
}

export interface EndpointOptions {
  /** Controller URL(s): `linstor://h[:p]`, `linstor+ssl://h[:p]`, `http(s)://h[:p]`, `h[:p]`; a comma list or array. */
  endpoint?: string | string[];
  config?: ConfigReader;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** CA certificate: PEM text or a file path. Env: LS_ROOT_CA (PEM) / LS_ROOT_CA_FILE. */
  caCert?: string;
  /** Client certificate: PEM text or a file path. Env: LS_USER_CERTIFICATE / LS_USER_CERTIFICATE_FILE. */
  clientCert?: string;
  /** Client key: PEM text or a file path. Env: LS_USER_KEY / LS_USER_KEY_FILE. */
  clientKey?: string;
  /** Bearer token. Env: LS_BEARER_TOKEN_FILE (JSON {"token": ...} or raw text). */
  bearerToken?: string;
  /** Basic auth. Env: LS_USERNAME / LS_PASSWORD. */
  username?: string;
  password?: string;
}

export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface ResolvedConnection {
  /** Base URLs without trailing slash, e.g. http://127.0.0.1:3370. */
  endpoints: string[];
  /** Where the endpoint list came from (for messages; never contains secrets). */
  source: "option" | "config" | "LS_CONTROLLERS" | "default";
  tls: TlsMaterial;
  /** The Authorization header value, if any. */
  authorization?: string;
}

const DEFAULT_HTTP_PORT = 3370;
const DEFAULT_HTTPS_PORT = 3371;

function pemOrFile(v: string | undefined): string | undefined {
  if (v === undefined || v === "") return undefined;
  return v.includes("-----BEGIN") ? v : fs.readFileSync(v, "utf8");
}

function fromEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  const text = env[name];
  if (text) return text;
  const file = env[`${name}_FILE`];
  return file ? fs.readFileSync(file, "utf8") : undefined;
}

function readTokenFile(path: string): string {
  const text = fs.readFileSync(path, "utf8").trim();
  if (text.startsWith("{")) {
    const parsed = JSON.parse(text) as { token?: unknown };
    if (typeof parsed.token === "string") return parsed.token;
    throw new Error(`bearer token file ${path}: JSON without a "token" string`);
  }
  return text;
}

/**
 * One controller address to a base URL. `linstor://` is plain HTTP on 3370, `linstor+ssl://` HTTPS
 * on 3371; a bare host takes https when TLS material is configured (like golinstor).
 */
export function normalizeEndpoint(raw: string, tlsConfigured = false): { url: string; username?: string; password?: string } {
  const text = raw.trim();
  if (text === "") throw new Error("empty controller address");
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  const scheme = m ? m[1].toLowerCase() : tlsConfigured ? "https" : "http";
  const rest = m ? text.slice(m[0].length) : text;
  const proto = scheme === "linstor" || scheme === "http" ? "http" : scheme === "linstor+ssl" || scheme === "https" ? "https" : undefined;
  if (!proto) throw new Error(`unsupported controller URL scheme "${scheme}://" (use linstor://, linstor+ssl://, http:// or https://)`);
  let url: URL;
  try {
    url = new URL(`${proto}://${rest}`);
  } catch {
    throw new Error(`invalid controller address "${redact(text)}"`);
  }
  if (!url.port) url.port = String(proto === "https" ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = "";
  url.password = "";
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  return { url: base, username, password };
}

/** Removes user:password@ from a URL-ish string (for messages). */
export function redact(s: string): string {
  return s.replace(/\/\/[^/@]*@/, "//***@");
}

function splitList(v: string | string[]): string[] {
  const items = Array.isArray(v) ? v : v.split(",");
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

export function resolveConnection(opts: EndpointOptions = {}): ResolvedConnection {
  const env = opts.env ?? process.env;
  const cfg = (k: string): string | undefined => {
    const v = opts.config?.get(k);
    return v === undefined || v === "" ? undefined : v;
  };

  const tls: TlsMaterial = {
    ca: pemOrFile(opts.caCert ?? cfg("caCert")) ?? fromEnv(env, "LS_ROOT_CA"),
    cert: pemOrFile(opts.clientCert ?? cfg("clientCert")) ?? fromEnv(env, "LS_USER_CERTIFICATE"),
    key: pemOrFile(opts.clientKey ?? cfg("clientKey")) ?? fromEnv(env, "LS_USER_KEY"),
  };
  const tlsConfigured = Boolean(tls.ca || tls.cert || tls.key);

  let list: string[] | undefined;
  let source: ResolvedConnection["source"] = "default";
  if (opts.endpoint !== undefined && splitList(opts.endpoint).length > 0) {
    list = splitList(opts.endpoint);
    source = "option";
  } else if (cfg("endpoint")) {
    list = splitList(cfg("endpoint") as string);
    source = "config";
  } else if (env.LS_CONTROLLERS && splitList(env.LS_CONTROLLERS).length > 0) {
    list = splitList(env.LS_CONTROLLERS);
    source = "LS_CONTROLLERS";
  } else {
    list = [tlsConfigured ? `https://localhost:${DEFAULT_HTTPS_PORT}` : `http://localhost:${DEFAULT_HTTP_PORT}`];
  }

  let urlUser: string | undefined;
  let urlPassword: string | undefined;
  const endpoints = list.map((e) => {
    const n = normalizeEndpoint(e, tlsConfigured);
    urlUser ??= n.username;
    urlPassword ??= n.password;
    return n.url;
  });

  const tokenFile = env.LS_BEARER_TOKEN_FILE;
  const token = opts.bearerToken ?? cfg("bearerToken") ?? (tokenFile ? readTokenFile(tokenFile) : undefined);
  const username = opts.username ?? cfg("username") ?? urlUser ?? env.LS_USERNAME;
  const password = opts.password ?? cfg("password") ?? urlPassword ?? env.LS_PASSWORD;
  let authorization: string | undefined;
  if (token) authorization = `Bearer ${token}`;
  else if (username) authorization = `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}`;

  return { endpoints, source, tls, authorization };
}
