// Errors raised by LinstorClient. None of them carries credentials: requests are described by
// method and path only, never by headers or the axios config.

import { anyIs, ApiCallRc, formatRc } from "./rc";

export interface RequestInfo {
  method: string;
  /** Path with query string, e.g. /v1/resource-definitions/r1?x=y. */
  path: string;
  /** Controller base URL the request went to. */
  endpoint?: string;
}

/** The controller answered with an ApiCallRc list holding at least one error entry. */
export class LinstorApiError extends Error {
  /** The first error entry decides, like the controller's own HTTP status does. */
  readonly rc: ApiCallRc;
  /** Every entry of the answer (successes, warnings and errors). */
  readonly rcs: ApiCallRc[];
  readonly status: number;
  readonly request: RequestInfo;

  constructor(rcs: ApiCallRc[], status: number, request: RequestInfo) {
    const first = rcs.find((r) => r.severity === "error") ?? rcs[0];
    super(`${request.method} ${request.path}: ${first.message}`);
    this.name = "LinstorApiError";
    this.rc = first;
    this.rcs = rcs;
    this.status = status;
    this.request = request;
    this.retCode = first.retCode;
    this.code = first.code;
    this.severity = first.severity;
    this.operation = first.operation;
    this.object = first.object;
    this.cause = first.cause;
    this.correction = first.correction;
    this.details = first.details;
    this.objRefs = first.objRefs;
    this.errorReportIds = rcs.flatMap((r) => r.errorReportIds);
  }

  readonly retCode: bigint;
  readonly code: number;
  readonly severity: string;
  readonly operation: string;
  readonly object: string | undefined;
  /** The controller's cause text (shadows Error.cause on purpose: it is what the linstor client prints). */
  override readonly cause: string | undefined;
  readonly correction: string | undefined;
  readonly details: string | undefined;
  readonly objRefs: Record<string, string>;
  readonly errorReportIds: string[];

  /** Any entry of the answer matches the ret-code mask (see rcIs). */
  is(mask: bigint): boolean {
    return anyIs(this.rcs, mask);
  }

  /** Every error entry, printed like the linstor client does. */
  override toString(): string {
    return this.rcs.filter((r) => r.severity === "error").map(formatRc).join("\n");
  }
}

/** A non-2xx answer without an ApiCallRc body (a proxy error page, a wrong path, ...). */
export class LinstorHttpError extends Error {
  constructor(readonly status: number, readonly request: RequestInfo, readonly body: string) {
    super(`${request.method} ${request.path}: HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ""}`);
    this.name = "LinstorHttpError";
  }
}

/** No controller could be reached (or the request kept failing transiently until retries ran out). */
export class LinstorConnectionError extends Error {
  constructor(readonly request: RequestInfo, readonly code: string, message: string, readonly attempts: number) {
    super(`${request.method} ${request.path}: ${message} (${code}, after ${attempts} attempt${attempts === 1 ? "" : "s"})`);
    this.name = "LinstorConnectionError";
  }
}

function codeOf(err: unknown): number | undefined {
  return err instanceof LinstorApiError ? err.code : undefined;
}

const NOT_FOUND_RANGE = [300, 399];
const EXISTS_RANGE = [500, 599];

/** A FAIL_NOT_FOUND_* error (GET/modify of a missing object), or a 404 without an RC body. */
export function isNotFound(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined) return code >= NOT_FOUND_RANGE[0] && code <= NOT_FOUND_RANGE[1];
  return err instanceof LinstorHttpError && err.status === 404;
}

/** A FAIL_EXISTS_* error (duplicate create: the controller answers 500, not 409). */
export function isExists(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && code >= EXISTS_RANGE[0] && code <= EXISTS_RANGE[1];
}

/** Resolve a GET to undefined when the object does not exist. */
export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
