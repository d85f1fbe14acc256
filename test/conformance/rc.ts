// ApiCallRc expectations, computed from linstor-common's consts.json masks (independent of sim/).
import * as assert from "node:assert/strict";
import type { RawApiCallRc } from "../../provider/client/rc";
import type { Answer, Json } from "./wire";

const SEV = { ERROR: 0xc000000000000000n, WARN: 0x8000000000000000n, INFO: 0x4000000000000000n, SUCCESS: 0n };
const OP = { CRT: 0x1000000n, MOD: 0x2000000n, DEL: 0x3000000n };
const OBJ = {
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
};

export type Op = keyof typeof OP;
export type Obj = keyof typeof OBJ;

/** The 64-bit ret_code of a code number with its severity, op and object bits. */
export function rc(sev: keyof typeof SEV, num: number, op?: Op, obj?: Obj): bigint {
  let u = SEV[sev] | BigInt(num);
  if (op) u |= OP[op];
  if (obj) u |= OBJ[obj];
  return BigInt.asIntN(64, u);
}

export const PARSE_ERROR = BigInt.asIntN(64, SEV.ERROR | 0x0ffffffffffffffdn); // -3458764513820540931
export const FAIL_UNKNOWN_ERROR = rc("ERROR", 998);

/** One entry of an answer, ret_code as a bigint (the wire shape is the client's: one definition). */
export type RcEntry = Omit<RawApiCallRc, "ret_code" | "created_at"> & { ret_code: bigint };

export function entries(a: Answer): RcEntry[] {
  assert.ok(Array.isArray(a.body), `expected an ApiCallRc list, got ${JSON.stringify(String(a.body)).slice(0, 300)}`);
  return (a.body as Json[]).map((e) => {
    const o = e as Record<string, Json>;
    return { ...(o as unknown as RcEntry), ret_code: BigInt(o.ret_code as number | bigint) };
  });
}

export function codes(a: Answer): bigint[] {
  return entries(a).map((e) => e.ret_code);
}

/** Status plus the ret_codes of the list, in order; `msgs` are matched against the messages in order. */
export function expectRc(a: Answer, status: number, retCodes: bigint[], msgs?: (string | RegExp | undefined)[]): RcEntry[] {
  const list = entries(a);
  assert.equal(a.status, status, `HTTP status (answer: ${describe(list)})`);
  assert.deepEqual(
    list.map((e) => e.ret_code),
    retCodes,
    `ret_codes (answer: ${describe(list)})`,
  );
  (msgs ?? []).forEach((m, i) => {
    if (m === undefined) return;
    if (typeof m === "string") assert.equal(list[i].message, m);
    else assert.match(list[i].message, m);
  });
  return list;
}

/** The answer holds an entry with this code (and message), wherever it is. */
export function expectHas(a: Answer, retCode: bigint, msg?: string | RegExp): RcEntry {
  const list = entries(a);
  const hit = list.find((e) => e.ret_code === retCode && (msg === undefined || (typeof msg === "string" ? e.message === msg : msg.test(e.message))));
  assert.ok(hit, `no entry ${retCode} ${msg ?? ""} in ${describe(list)}`);
  return hit;
}

export function describe(list: RcEntry[]): string {
  return JSON.stringify(list.map((e) => `${e.ret_code} ${e.message}`));
}
