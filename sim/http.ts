// Routing and reply helpers shared by the route modules.
import type { IncomingMessage } from "node:http";
import { code, entry, Rc, RcContext, RcEntry, RcError, rawCode, severity, statusFor, withContext } from "./apicallrc";
import { parseBody, ParseError } from "./body";
import { parseErrorAnswer } from "./parseerrors";
import type { SimCore } from "./core";
import { toControllerJson, toPlainJson } from "./json";

export interface Ctx {
  sim: SimCore;
  req: IncomingMessage;
  method: string;
  path: string;
  /** the matched route's pattern, e.g. "/v1/nodes/{node}" */
  pattern: string;
  params: Record<string, string>;
  query: URLSearchParams;
  raw: Buffer;
}

export interface Reply {
  status: number;
  body?: string | Buffer;
  contentType?: string;
  /** extra response headers (WWW-Authenticate) */
  headers?: Record<string, string>;
}

export type Handler = (c: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string;
  parts: string[];
  handler: Handler;
}

export function route(method: string, pattern: string, handler: Handler): Route {
  return { method, pattern, parts: pattern.split("/").filter(Boolean), handler };
}

/** Matches a path against the routes; `{name*}` swallows the rest of the path (property keys with '/'). */
export function match(routes: Route[], method: string, path: string): { route?: Route; params: Record<string, string>; pathMatched: boolean } {
  const segs = path.split("/").filter(Boolean);
  let pathMatched = false;
  for (const r of routes) {
    const params = matchParts(r.parts, segs);
    if (!params) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params, pathMatched };
  }
  return { params: {}, pathMatched };
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (i >= segs.length) return undefined;
    if (p.startsWith("{") && p.endsWith("*}")) {
      params[p.slice(1, -2)] = segs.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    if (p.startsWith("{")) params[p.slice(1, -1)] = decodeURIComponent(segs[i]);
    else if (p !== segs[i]) return undefined;
  }
  return parts.length === segs.length ? params : undefined;
}

export function json(status: number, value: unknown): Reply {
  return { status, body: toControllerJson(value), contentType: "application/json" };
}

export function plainJson(status: number, value: unknown): Reply {
  return { status, body: toPlainJson(value), contentType: "application/json" };
}

export function rcReply(entries: RcEntry[], successStatus: number, statusOverride?: number, wrap?: (entries: RcEntry[]) => unknown): Reply {
  return json(statusOverride ?? statusFor(entries, successStatus), wrap ? wrap(entries) : entries);
}

/** Runs a refusal-aware handler: thrown RcErrors become RC lists with the request's op/object bits. */
export function errorEntries(e: unknown, ctx?: RcContext): RcEntry[] {
  if (e instanceof RcError) {
    const list = e.entries.map((x) => ({ ...x }));
    const last = list[list.length - 1];
    last.ret_code = withContext(last.ret_code, ctx);
    return list;
  }
  // an unexpected exception: the controller answers with an error report entry
  return [entry(withContext(rawCode("FAIL_UNKNOWN_ERROR"), ctx), `An unknown error occurred: ${(e as Error)?.message ?? String(e)}`, { error_report_ids: ["SIM-000000-000000"] })];
}

/** A mutating call: runs under the write lock, persists before answering, RC list out. */
export async function mutate(c: Ctx, ctx: RcContext, successStatus: number, fn: (rc: Rc) => void | Promise<void>, wrap?: (entries: RcEntry[]) => unknown): Promise<Reply> {
  return c.sim.lock.run(async () => {
    const rc = new Rc(ctx);
    // a refused call changes nothing: the controller's transaction is rolled back
    const before = JSON.stringify(c.sim.state);
    try {
      await fn(rc);
    } catch (e) {
      // a parse error is answered on its own (the request never reached the handler)
      const entries = e instanceof RcError && e.httpStatus ? errorEntries(e, ctx) : [...rc.entries, ...errorEntries(e, ctx)];
      if (entries.some((x) => severity(x.ret_code) === "ERROR")) c.sim.state = JSON.parse(before);
      c.sim.save();
      return rcReply(entries, successStatus, e instanceof RcError ? e.httpStatus : undefined, e instanceof RcError && e.httpStatus ? undefined : wrap);
    }
    c.sim.save();
    return rcReply(rc.entries, successStatus, undefined, wrap);
  });
}

/**
 * A single-object read: thrown RcErrors (not found) become 404 RC lists with the bare
 * FAIL_NOT_FOUND_* code (RequestHelper.queryRequestResponse adds no op/object bits). The context
 * argument is kept for the call sites' documentation only.
 */
export function read(_ctx: RcContext | undefined, fn: () => unknown): Reply {
  try {
    return json(200, fn());
  } catch (e) {
    if (e instanceof RcError) return rcReply(e.entries.map((x) => ({ ret_code: x.ret_code, message: x.message, created_at: x.created_at })), 200);
    return rcReply(errorEntries(e), 200);
  }
}

export function body<T>(c: Ctx, schema: string): T {
  try {
    return (parseBody(c.raw, schema) ?? {}) as T;
  } catch (e) {
    if (e instanceof ParseError) parseErrorAnswer(e, c.method, c.pattern);
    throw e;
  }
}

export function qAll(c: Ctx, name: string): string[] {
  return c.query.getAll(name).filter((x) => x !== "");
}

/** limit/offset are applied only when limit > 0 (§0). */
export function paginate<T>(c: Ctx, list: T[]): T[] {
  const limit = Number(c.query.get("limit") ?? 0);
  const offset = Number(c.query.get("offset") ?? 0);
  if (!(limit > 0)) return list;
  return list.slice(Math.max(0, offset), Math.max(0, offset) + limit);
}

/** `props` filters: each `key` or `key=value`; all must match. */
export function propsMatch(props: Record<string, string>, filters: string[]): boolean {
  return filters.every((f) => {
    const i = f.indexOf("=");
    if (i < 0) return props[f] !== undefined;
    return props[f.slice(0, i)] === f.slice(i + 1);
  });
}

/**
 * override/delete props as CtrlPropsHelper does: "Successfully set property key(s): …" and
 * "Successfully deleted property key(s): …" entries (object bits of the request), no warning for
 * a key that did not exist.
 */
/** The props part of a modify body: keys to set, keys and namespaces to delete. */
export interface PropsModify {
  override_props?: Record<string, string>;
  delete_props?: string[];
  delete_namespaces?: string[];
}

export function applyPropChanges(
  props: Record<string, string>,
  b: { override_props?: Record<string, string>; delete_props?: string[]; delete_namespaces?: string[] },
  rc?: Rc,
  /** the object bits of the set/deleted entries when they differ from the request's (RG modify uses RSC_DFN) */
  propObj?: RcContext["obj"],
): void {
  const set = Object.keys(b.override_props ?? {});
  for (const [k, v] of Object.entries(b.override_props ?? {})) {
    if (k.trim() === "") throw new RcError("FAIL_INVLD_PROP", `Invalid property key: ${k}`, { cause: `The key '${k}' is not whitelisted.` });
    props[k] = String(v);
  }
  for (const k of b.delete_props ?? []) delete props[k];
  for (const ns of b.delete_namespaces ?? []) {
    for (const k of Object.keys(props)) if (k.startsWith(ns.endsWith("/") ? ns : `${ns}/`)) delete props[k];
  }
  const obj = propObj ?? rc?.ctx?.obj;
  if (!rc || !obj) return;
  const refs = rc.ctx?.objRefs;
  if (set.length) rc.add(code("CREATED", "CRT", obj), `Successfully set property key(s): ${set.join(",")}`, refs ? { obj_refs: refs } : {});
  if (b.delete_props?.length) rc.add(code("DELETED", "DEL", obj), `Successfully deleted property key(s): ${b.delete_props.join(",")}`, refs ? { obj_refs: refs } : {});
}
