// Credentials, checked only when the simulator is started with them (default: open, like a
// controller without LDAP). What each check answers:
//   - basic auth: as the controller with LDAP enabled and no public access
//     (R/RequestHelper.checkLDAPAuth): no Authorization header → 401 FAIL_SIGN_IN_MISSING_CREDENTIALS
//     with `WWW-Authenticate: Basic realm="Linstor"`; wrong user or password → 403 FAIL_SIGN_IN;
//     another scheme → 500 FAIL_INVLD_ENCRYPT_TYPE "only 'Basic' supported".
//   - bearer token: the controller has no token check of its own; tokens are checked by an
//     authenticating proxy in front of it (what golinstor's LS_BEARER_TOKEN_FILE is for). The
//     simulator answers as such a proxy does (RFC 6750): 401 with `WWW-Authenticate: Bearer …`
//     and a plain-text body, for a missing or a wrong token alike.
//   - client certificates: see `TlsOptions` in index.ts; the TLS handshake refuses a missing or
//     untrusted certificate before any HTTP is spoken, as Grizzly does with a truststore.
import { timingSafeEqual } from "node:crypto";
import type * as http from "node:http";
import { entry, rawCode } from "./apicallrc";
import type { Reply } from "./http";
import { toControllerJson } from "./json";

export interface AuthOptions {
  /** Accept only this user and password (HTTP basic). */
  basic?: { username: string; password: string };
  /** Accept only this bearer token. */
  bearerToken?: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

function rcReply(status: number, name: "FAIL_SIGN_IN" | "FAIL_SIGN_IN_MISSING_CREDENTIALS" | "FAIL_INVLD_ENCRYPT_TYPE", message: string, headers?: Record<string, string>): Reply {
  return { status, body: toControllerJson([entry(rawCode(name), message)]), contentType: "application/json", headers };
}

function checkBasic(want: { username: string; password: string }, header: string | undefined): Reply | undefined {
  if (!header) return rcReply(401, "FAIL_SIGN_IN_MISSING_CREDENTIALS", "Login required but no 'Authorization' header given.", { "WWW-Authenticate": 'Basic realm="Linstor"' });
  const [scheme, token] = header.split(" ", 2);
  if (scheme !== "Basic") return rcReply(500, "FAIL_INVLD_ENCRYPT_TYPE", "Invalid Authorization method, only 'Basic' supported.");
  const text = Buffer.from(token ?? "", "base64").toString("utf8");
  const colon = text.indexOf(":");
  const user = colon < 0 ? text : text.slice(0, colon);
  const password = colon < 0 ? "" : text.slice(colon + 1);
  if (same(user, want.username) && same(password, want.password)) return undefined;
  // the simulator's own wording; the controller passes on its LDAP sign-in failure
  return rcReply(403, "FAIL_SIGN_IN", `Sign in of user '${user}' failed: invalid user name or password.`);
}

function checkBearer(want: string, header: string | undefined): Reply | undefined {
  const m = /^Bearer (.+)$/.exec(header ?? "");
  if (m && same(m[1], want)) return undefined;
  const error = m ? ', error="invalid_token"' : "";
  return { status: 401, body: m ? "invalid bearer token\n" : "bearer token required\n", contentType: "text/plain", headers: { "WWW-Authenticate": `Bearer realm="Linstor"${error}` } };
}

/** The refusal for a REST call without the configured credentials, or undefined when it may pass. */
export function checkCredentials(auth: AuthOptions, req: http.IncomingMessage): Reply | undefined {
  const header = req.headers.authorization;
  if (auth.bearerToken !== undefined) return checkBearer(auth.bearerToken, header);
  if (auth.basic) return checkBasic(auth.basic, header);
  return undefined;
}

/** Refuses options that cannot work together: a client sends one Authorization header. */
export function validateAuth(auth: AuthOptions): void {
  if (auth.basic && auth.bearerToken !== undefined) throw new Error("basic auth and a bearer token exclude each other: a client sends one Authorization header");
  if (auth.bearerToken === "") throw new Error("the bearer token must not be empty");
  if (auth.basic && !auth.basic.username) throw new Error("basic auth needs a user name");
}
