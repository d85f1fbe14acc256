// ApiCallRc: the controller's answer to every mutation and every error, and its 64-bit ret_code.
//
// ret_code is a signed int64 bit mask (severity in bits 63-62, operation in 25-24, object in 22-18,
// code number in 14-0). Every non-success value exceeds 2^53, so it is parsed losslessly (json.ts)
// and kept as a bigint. Callers decide by ret_code, never by HTTP status: the controller answers a
// duplicate with 500, a duplicate resource create with an INFO and 201, and a delete of a missing
// object with a WARN and 200.

export const MASK_ERROR = 0xc000000000000000n;
export const MASK_WARN = 0x8000000000000000n;
export const MASK_INFO = 0x4000000000000000n;
const MASK_SEVERITY = 0xc000000000000000n;
const MASK_BITS_OP = 0x3000000n;
const MASK_BITS_OBJ = 0x7c0000n;
const MASK_BITS_CODE = 0x7fffn;

export type Severity = "error" | "warning" | "info" | "success";
export type Operation = "create" | "modify" | "delete" | "none";

const OPS: Record<string, Operation> = { "1": "create", "2": "modify", "3": "delete" };

const OBJECTS: Record<number, string> = {
  0x3c0000: "node",
  0x380000: "resource-definition",
  0x340000: "resource",
  0x300000: "volume-definition",
  0x2c0000: "volume",
  0x280000: "node-connection",
  0x240000: "resource-connection",
  0x200000: "volume-connection",
  0x1c0000: "net-interface",
  0x180000: "storage-pool-definition",
  0x140000: "storage-pool",
  0x100000: "controller",
  0x0c0000: "snapshot",
  0x080000: "backup",
  0x040000: "remote",
  0x400000: "key-value-store",
  0x440000: "resource-group",
  0x480000: "volume-group",
  0x4c0000: "physical-device",
  0x500000: "external-file",
  0x540000: "schedule",
};

/** Code numbers (ret_code & 0x7FFF) the provider branches on. */
export const Codes = {
  CREATED: 1,
  DELETED: 2,
  MODIFIED: 3,
  FAIL_INVLD_PROP: 213,
  FAIL_NOT_FOUND_NODE: 300,
  FAIL_NOT_FOUND_RSC_DFN: 301,
  FAIL_NOT_FOUND_RSC: 302,
  FAIL_NOT_FOUND_VLM_DFN: 303,
  FAIL_NOT_FOUND_STOR_POOL: 310,
  FAIL_NOT_FOUND_DFLT_STOR_POOL: 311,
  FAIL_NOT_FOUND_SNAPSHOT_DFN: 313,
  FAIL_NOT_FOUND_SNAPSHOT: 315,
  FAIL_NOT_FOUND_RSC_GRP: 317,
  FAIL_EXISTS_NODE: 500,
  FAIL_EXISTS_RSC_DFN: 501,
  FAIL_EXISTS_RSC: 502,
  FAIL_EXISTS_VLM_DFN: 503,
  FAIL_EXISTS_STOR_POOL_DFN: 509,
  FAIL_EXISTS_STOR_POOL: 510,
  FAIL_EXISTS_SNAPSHOT_DFN: 514,
  FAIL_EXISTS_SNAPSHOT: 516,
  FAIL_EXISTS_RSC_GRP: 522,
  FAIL_NOT_ALL_UPTODATE: 974,
  FAIL_NOT_ENOUGH_FREE_SPACE: 980,
  FAIL_SNAPSHOTS_NOT_SUPPORTED: 994,
  FAIL_NOT_CONNECTED: 995,
  FAIL_NOT_ENOUGH_NODES: 996,
  FAIL_IN_USE: 997,
  WARN_NOT_CONNECTED: 1002,
  WARN_RSC_ALREADY_DEPLOYED: 1006,
  WARN_NOT_ENOUGH_NODES_FOR_TIE_BREAKER: 1013,
  WARN_VLMDFN_RESIZE_SAME_SIZE: 1023,
  WARN_NOT_FOUND: 3000,
  WARN_NO_EFFECT: 3001,
  INFO_NO_RSC_SPAWNED: 10000,
  INFO_TIE_BREAKER_CREATED: 10003,
  INFO_TIE_BREAKER_DELETING: 10004,
  INFO_NOOP: 10007,
  INFO_RSC_ALREADY_EXISTS: 10008,
} as const;

/** The wire shape of one ApiCallRc entry (ret_code already lossless: bigint or safe number). */
export interface RawApiCallRc {
  ret_code: bigint | number;
  message: string;
  cause?: string;
  details?: string;
  correction?: string;
  error_report_ids?: string[];
  obj_refs?: Record<string, string>;
  created_at?: string;
}

/** One decoded ApiCallRc entry. */
export interface ApiCallRc {
  /** Exact signed 64-bit value as the controller sent it. */
  retCode: bigint;
  severity: Severity;
  operation: Operation;
  /** Object type from the mask ("resource-definition", ...), undefined when the bits are empty. */
  object?: string;
  /** The 15-bit code number (e.g. 501 = FAIL_EXISTS_RSC_DFN, 3000 = WARN_NOT_FOUND). */
  code: number;
  message: string;
  cause?: string;
  details?: string;
  correction?: string;
  errorReportIds: string[];
  objRefs: Record<string, string>;
  createdAt?: string;
}

function decodeRetCode(rc: bigint): Pick<ApiCallRc, "severity" | "operation" | "object" | "code"> {
  const u = BigInt.asUintN(64, rc);
  // Check error first: an error value also matches the WARN mask.
  const sev = u & MASK_SEVERITY;
  const severity: Severity =
    sev === MASK_ERROR ? "error" : sev === MASK_WARN ? "warning" : sev === MASK_INFO ? "info" : "success";
  const operation = OPS[String((u & MASK_BITS_OP) >> 24n)] ?? "none";
  const object = OBJECTS[Number(u & MASK_BITS_OBJ)];
  return { severity, operation, object, code: Number(u & MASK_BITS_CODE) };
}

export function decodeRc(raw: RawApiCallRc): ApiCallRc {
  const retCode = BigInt(raw.ret_code);
  return {
    retCode,
    ...decodeRetCode(retCode),
    message: raw.message ?? "",
    cause: raw.cause,
    details: raw.details,
    correction: raw.correction,
    errorReportIds: raw.error_report_ids ?? [],
    objRefs: raw.obj_refs ?? {},
    createdAt: raw.created_at,
  };
}

/** True when the value looks like an ApiCallRc list (a JSON array of objects with ret_code). */
export function isRawRcList(body: unknown): body is RawApiCallRc[] {
  return Array.isArray(body) && body.length > 0 &&
    body.every((e) => typeof e === "object" && e !== null && "ret_code" in e);
}

export function warningsOf(rcs: readonly ApiCallRc[]): ApiCallRc[] {
  return rcs.filter((rc) => rc.severity === "warning");
}

/**
 * The ret_code to match an entry against: a severity mask plus a code number, optionally an object
 * mask, the way the controller composes its constants (e.g. WARN_NOT_FOUND = MASK_WARN | 3000).
 */
export function rcMask(severity: bigint, code: number, object = 0n): bigint {
  return severity | object | BigInt(code);
}

/** Masks the executor decides by. */
export const Masks = {
  WARN_NOT_FOUND: rcMask(MASK_WARN, Codes.WARN_NOT_FOUND),
  WARN_RSC_ALREADY_DEPLOYED: rcMask(MASK_WARN, Codes.WARN_RSC_ALREADY_DEPLOYED),
  WARN_VLMDFN_RESIZE_SAME_SIZE: rcMask(MASK_WARN, Codes.WARN_VLMDFN_RESIZE_SAME_SIZE),
  INFO_NOOP: rcMask(MASK_INFO, Codes.INFO_NOOP),
  INFO_RSC_ALREADY_EXISTS: rcMask(MASK_INFO, Codes.INFO_RSC_ALREADY_EXISTS),
} as const;

/**
 * The entry matches the mask (golinstor's `ApiCallRc.Is`: the bits of the mask are set in the
 * ret_code). Unlike a plain bit test, each field the mask names is compared whole: the severity
 * (an ERROR's bits include WARN's), the object type and the code number (3001 holds the bits of
 * 3000), so a mask matches exactly the entries the constant means.
 */
export function rcIs(rc: ApiCallRc, mask: bigint): boolean {
  const m = BigInt.asUintN(64, mask);
  const u = BigInt.asUintN(64, rc.retCode);
  for (const field of [MASK_SEVERITY, MASK_BITS_OP, MASK_BITS_OBJ, MASK_BITS_CODE]) {
    if ((m & field) !== 0n && (u & field) !== (m & field)) return false;
  }
  return true;
}

/** Any entry of the answer matches the mask. */
export function anyIs(rcs: readonly ApiCallRc[], mask: bigint): boolean {
  return rcs.some((rc) => rcIs(rc, mask));
}

/** Build an INFO entry the client itself adds (e.g. a create that a retried request had already done). */
export function clientNote(message: string, code: number = Codes.INFO_NOOP): ApiCallRc {
  const retCode = BigInt.asIntN(64, MASK_INFO | BigInt(code));
  return { retCode, ...decodeRetCode(retCode), message, errorReportIds: [], objRefs: {} };
}

/** Prints one entry the way the linstor client does. */
export function formatRc(rc: ApiCallRc): string {
  const head = rc.severity === "error" ? "ERROR" : rc.severity === "warning" ? "WARNING" : rc.severity === "info" ? "INFO" : "SUCCESS";
  const indent = (s: string): string => s.split("\n").map((l) => "    " + l).join("\n");
  const parts = [`${head}:`];
  if (rc.severity === "success") return `${head}:\n${indent(rc.message)}`;
  parts.push("Description:", indent(rc.message));
  if (rc.cause) parts.push("Cause:", indent(rc.cause));
  if (rc.correction) parts.push("Correction:", indent(rc.correction));
  if (rc.details) parts.push("Details:", indent(rc.details));
  if (rc.errorReportIds.length > 0) parts.push("Show reports:", indent(`linstor error-reports show ${rc.errorReportIds.join(" ")}`));
  return parts.join("\n");
}
