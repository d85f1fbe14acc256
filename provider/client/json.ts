// Lossless JSON for controller answers: integers beyond 2^53 (every non-success ret_code, and
// Long.MAX_VALUE capacities of DISKLESS pools) become bigint instead of being silently rounded.
// Safe integers and fractions stay plain numbers, so typed fields keep their usual shape.

import { parse } from "lossless-json";

const INTEGER = /^-?\d+$/;

function parseNumber(text: string): number | bigint {
  const n = Number(text);
  return INTEGER.test(text) && !Number.isSafeInteger(n) ? BigInt(text) : n;
}

export function parseLossless(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** A KiB value that may have arrived as bigint (DISKLESS pools report Long.MAX_VALUE). */
export function kib(v: number | bigint | undefined): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === "bigint" ? Number(v) : v;
}
