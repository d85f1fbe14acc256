// ApiCallRc: the controller's response entries. One table of masks and code numbers (from
// linstor-common consts.json) and one way to build entries, errors and the HTTP status.

export const MASK = {
  ERROR: 0xc000000000000000n,
  WARN: 0x8000000000000000n,
  INFO: 0x4000000000000000n,
  SUCCESS: 0n,
  CRT: 0x1000000n,
  MOD: 0x2000000n,
  DEL: 0x3000000n,
  BITS_OP: 0x3000000n,
  BITS_OBJ: 0x7c0000n,
  BITS_TYPE: 0xc000000000000000n,
  NODE: 0x3c0000n,
  RSC_DFN: 0x380000n,
  RSC: 0x340000n,
  VLM_DFN: 0x300000n,
  VLM: 0x2c0000n,
  NET_IF: 0x1c0000n,
  STOR_POOL_DFN: 0x180000n,
  STOR_POOL: 0x140000n,
  CTRL_CONF: 0x100000n,
  SNAPSHOT: 0xc0000n,
  RSC_GRP: 0x440000n,
  VLM_GRP: 0x480000n,
  KVS: 0x400000n,
  RSC_CONN: 0x240000n,
} as const;

export type Severity = "ERROR" | "WARN" | "INFO" | "SUCCESS";

/** Code numbers with their severity, as in consts.json. */
const CODES = {
  /** a bare success (number 0): "already deployed as requested" */
  SUCCESS_PLAIN: [0, "SUCCESS"],
  /** a bare info (number 0): notes such as "assume partial mode", "Controller properties applied" */
  INFO_PLAIN: [0, "INFO"],
  /** a bare warning (number 0): "will not be created on node … evacuating" */
  WARN_PLAIN: [0, "WARN"],
  CREATED: [1, "SUCCESS"],
  DELETED: [2, "SUCCESS"],
  MODIFIED: [3, "SUCCESS"],
  FAIL_INVLD_NODE_NAME: [200, "ERROR"],
  FAIL_INVLD_NODE_TYPE: [201, "ERROR"],
  FAIL_INVLD_RSC_NAME: [202, "ERROR"],
  FAIL_INVLD_RSC_PORT: [203, "ERROR"],
  FAIL_INVLD_NODE_ID: [204, "ERROR"],
  FAIL_INVLD_VLM_NR: [205, "ERROR"],
  FAIL_INVLD_VLM_SIZE: [206, "ERROR"],
  FAIL_INVLD_MINOR_NR: [207, "ERROR"],
  FAIL_INVLD_STOR_POOL_NAME: [208, "ERROR"],
  FAIL_INVLD_NET_NAME: [209, "ERROR"],
  FAIL_INVLD_NET_ADDR: [210, "ERROR"],
  FAIL_INVLD_NET_PORT: [211, "ERROR"],
  FAIL_INVLD_PROP: [213, "ERROR"],
  FAIL_INVLD_ENCRYPT_TYPE: [217, "ERROR"],
  FAIL_INVLD_SNAPSHOT_NAME: [218, "ERROR"],
  FAIL_INVLD_PLACE_COUNT: [219, "ERROR"],
  FAIL_INVLD_STOR_DRIVER: [221, "ERROR"],
  FAIL_INVLD_LAYER_KIND: [224, "ERROR"],
  FAIL_INVLD_LAYER_STACK: [225, "ERROR"],
  FAIL_INVLD_PROVIDER: [227, "ERROR"],
  FAIL_INVLD_VLM_SIZES: [228, "ERROR"],
  FAIL_NODE_HAS_USED_RSC: [233, "ERROR"],
  FAIL_INVLD_REQUEST: [234, "ERROR"],
  FAIL_INVLD_RSC_GRP_NAME: [237, "ERROR"],
  FAIL_NOT_FOUND_NODE: [300, "ERROR"],
  FAIL_NOT_FOUND_RSC_DFN: [301, "ERROR"],
  FAIL_NOT_FOUND_RSC: [302, "ERROR"],
  FAIL_NOT_FOUND_VLM_DFN: [303, "ERROR"],
  FAIL_NOT_FOUND_VLM: [304, "ERROR"],
  FAIL_NOT_FOUND_NET_IF: [305, "ERROR"],
  FAIL_NOT_FOUND_STOR_POOL_DFN: [309, "ERROR"],
  FAIL_NOT_FOUND_STOR_POOL: [310, "ERROR"],
  FAIL_NOT_FOUND_DFLT_STOR_POOL: [311, "ERROR"],
  FAIL_NOT_FOUND_SNAPSHOT_DFN: [313, "ERROR"],
  FAIL_NOT_FOUND_SNAPSHOT_VLM_DFN: [314, "ERROR"],
  FAIL_NOT_FOUND_SNAPSHOT: [315, "ERROR"],
  FAIL_NOT_FOUND_KVS: [316, "ERROR"],
  FAIL_NOT_FOUND_RSC_GRP: [317, "ERROR"],
  FAIL_NOT_FOUND_VLM_GRP: [318, "ERROR"],
  FAIL_EXISTS_NODE: [500, "ERROR"],
  FAIL_EXISTS_RSC_DFN: [501, "ERROR"],
  FAIL_EXISTS_RSC: [502, "ERROR"],
  FAIL_EXISTS_VLM_DFN: [503, "ERROR"],
  FAIL_EXISTS_NET_IF: [505, "ERROR"],
  FAIL_EXISTS_STOR_POOL_DFN: [509, "ERROR"],
  FAIL_EXISTS_STOR_POOL: [510, "ERROR"],
  FAIL_EXISTS_SNAPSHOT_DFN: [514, "ERROR"],
  FAIL_EXISTS_SNAPSHOT: [516, "ERROR"],
  FAIL_EXISTS_RSC_GRP: [522, "ERROR"],
  FAIL_EXISTS_VLM_GRP: [523, "ERROR"],
  FAIL_NO_STLT_CONN_DEFINED: [609, "ERROR"],
  FAIL_POOL_EXHAUSTED_VLM_NR: [800, "ERROR"],
  FAIL_POOL_EXHAUSTED_MINOR_NR: [801, "ERROR"],
  FAIL_POOL_EXHAUSTED_TCP_PORT: [802, "ERROR"],
  FAIL_POOL_EXHAUSTED_NODE_ID: [803, "ERROR"],
  FAIL_NOT_ALL_UPTODATE: [974, "ERROR"],
  FAIL_SNAPSHOT_NOT_UPTODATE: [979, "ERROR"],
  FAIL_NOT_ENOUGH_FREE_SPACE: [980, "ERROR"],
  FAIL_UNDECIDABLE_AUTOPLACMENT: [985, "ERROR"],
  FAIL_INSUFFICIENT_REPLICA_COUNT: [991, "ERROR"],
  FAIL_INSUFFICIENT_PEER_SLOTS: [993, "ERROR"],
  FAIL_SNAPSHOTS_NOT_SUPPORTED: [994, "ERROR"],
  FAIL_NOT_CONNECTED: [995, "ERROR"],
  FAIL_NOT_ENOUGH_NODES: [996, "ERROR"],
  FAIL_IN_USE: [997, "ERROR"],
  FAIL_UNKNOWN_ERROR: [998, "ERROR"],
  FAIL_IMPL_ERROR: [999, "ERROR"],
  FAIL_SIGN_IN: [10000, "ERROR"],
  FAIL_SIGN_IN_MISSING_CREDENTIALS: [10001, "ERROR"],
  WARN_NO_STLT_CONN_DEFINED: [1001, "WARN"],
  WARN_NOT_CONNECTED: [1002, "WARN"],
  WARN_STLT_NOT_UPDATED: [1003, "WARN"],
  WARN_DEL_UNSET_PROP: [1005, "WARN"],
  WARN_RSC_ALREADY_DEPLOYED: [1006, "WARN"],
  WARN_RSC_ALREADY_HAS_DISK: [1007, "WARN"],
  WARN_RSC_ALREADY_DISKLESS: [1008, "WARN"],
  WARN_ALL_DISKLESS: [1009, "WARN"],
  WARN_STORAGE_KIND_ADDED: [1012, "WARN"],
  WARN_NOT_ENOUGH_NODES_FOR_TIE_BREAKER: [1013, "WARN"],
  WARN_VLMDFN_RESIZE_SAME_SIZE: [1023, "WARN"],
  WARN_NOT_FOUND: [3000, "WARN"],
  WARN_NO_EFFECT: [3001, "WARN"],
  WARN_DEPRECATED: [4000, "WARN"],
  INFO_NO_RSC_SPAWNED: [10000, "INFO"],
  INFO_PROP_SET: [10002, "INFO"],
  INFO_TIE_BREAKER_CREATED: [10003, "INFO"],
  INFO_TIE_BREAKER_DELETING: [10004, "INFO"],
  INFO_PROP_REMOVED: [10005, "INFO"],
  INFO_TIE_BREAKER_TAKEOVER: [10006, "INFO"],
  INFO_NOOP: [10007, "INFO"],
  INFO_RSC_ALREADY_EXISTS: [10008, "INFO"],
} as const satisfies Record<string, readonly [number, Severity]>;

export type CodeName = keyof typeof CODES;

/** API_CALL_PARSE_ERROR: a mask of its own (MASK_ERROR | 0x0FFFFFFFFFFFFFFD). */
export const API_CALL_PARSE_ERROR = BigInt.asIntN(64, MASK.ERROR | 0x0ffffffffffffffdn);

/** The raw 64-bit value of a named code (severity | number), without op/object bits. */
export function rawCode(name: CodeName): bigint {
  const [num, sev] = CODES[name];
  return BigInt.asIntN(64, MASK[sev] | BigInt(num));
}

export interface RcContext {
  op: "CRT" | "MOD" | "DEL";
  obj: keyof typeof MASK;
  objRefs?: Record<string, string>;
}

/** Adds the op and object bits of the request context where the code lacks them (as the controller does). */
export function withContext(code: bigint, ctx?: RcContext): bigint {
  if (!ctx) return code;
  let u = BigInt.asUintN(64, code);
  if ((u & MASK.BITS_OP) === 0n) u |= MASK[ctx.op];
  if ((u & MASK.BITS_OBJ) === 0n) u |= MASK[ctx.obj];
  return BigInt.asIntN(64, u);
}

/** Full code with op and object bits: e.g. code("CREATED", "CRT", "RSC_DFN") = 20447233. */
export function code(name: CodeName, op?: RcContext["op"], obj?: keyof typeof MASK): bigint {
  let u = BigInt.asUintN(64, rawCode(name));
  if (op) u |= MASK[op];
  if (obj) u |= MASK[obj];
  return BigInt.asIntN(64, u);
}

export interface RcEntry {
  ret_code: bigint;
  message: string;
  cause?: string;
  details?: string;
  correction?: string;
  error_report_ids?: string[];
  obj_refs?: Record<string, string>;
  created_at: string;
}

export interface RcExtra {
  error_report_ids?: string[];
  cause?: string;
  details?: string;
  correction?: string;
  obj_refs?: Record<string, string>;
}

/** ISO-8601 with millis and offset, like the controller's created_at. */
export function nowIso(): string {
  return new Date().toISOString().replace("Z", "+00:00");
}

export function entry(retCode: bigint, message: string, extra: RcExtra = {}): RcEntry {
  return { ret_code: retCode, message, ...extra, created_at: nowIso() };
}

/** A refusal: thrown by handlers, turned into an RC list with the request context's bits. */
export class RcError extends Error {
  readonly entries: RcEntry[];
  /** an HTTP status decided outside the RC list (parse errors: 400 or 500 by handler kind) */
  httpStatus?: number;
  constructor(name: CodeName | bigint, message: string, extra: RcExtra = {}, prior: RcEntry[] = []) {
    super(message);
    const c = typeof name === "bigint" ? name : rawCode(name);
    this.entries = [...prior, entry(c, message, extra)];
  }
}

export function severity(retCode: bigint): Severity {
  const top = BigInt.asUintN(64, retCode) & MASK.BITS_TYPE;
  if (top === MASK.ERROR) return "ERROR";
  if (top === MASK.WARN) return "WARN";
  if (top === MASK.INFO) return "INFO";
  return "SUCCESS";
}

/** HTTP status from an RC list: the first error entry decides (§3.2). */
export function statusFor(entries: RcEntry[], successStatus: number): number {
  for (const e of entries) {
    if (e.ret_code === API_CALL_PARSE_ERROR) return 400;
    if (severity(e.ret_code) !== "ERROR") continue;
    // ApiCallRcRestUtils.toResponse: a failed sign-in is 403, a missing one 401
    if (e.ret_code === rawCode("FAIL_SIGN_IN")) return 403;
    if (e.ret_code === rawCode("FAIL_SIGN_IN_MISSING_CREDENTIALS")) return 401;
    const num = Number(BigInt.asUintN(64, e.ret_code) & 0x7fffn);
    if (num >= 300 && num <= 399) return 404;
    if (num >= 400 && num <= 499) return 403;
    return 500;
  }
  return successStatus;
}

/** Response collector used by handlers: entries in the order the controller sends them. */
export class Rc {
  readonly entries: RcEntry[] = [];
  constructor(readonly ctx?: RcContext) {}
  add(retCode: bigint, message: string, extra: RcExtra = {}): this {
    this.entries.push(entry(retCode, message, extra));
    return this;
  }
  /** A success or info/warn entry with this request's op and object bits. */
  ok(name: CodeName, message: string, extra: RcExtra = {}): this {
    return this.add(withContext(rawCode(name), this.ctx), message, extra);
  }
  /** An info/warn entry without context bits (auto-helper messages are plain). */
  plain(name: CodeName, message: string, extra: RcExtra = {}): this {
    return this.add(rawCode(name), message, extra);
  }
  concat(other: RcEntry[]): this {
    this.entries.push(...other);
    return this;
  }
}
