// Sizes the way the linstor client reads them (`linstor vd create r 150m`): a number with an
// optional unit, case-insensitive; no unit means GiB. LINSTOR speaks KiB on the wire.

export class SizeError extends Error {
  override name = "SizeError";
}

const KIB = 1024n;
/** Bytes per unit, keyed by the upper-cased unit spelling. */
const UNIT_BYTES: Record<string, bigint> = {
  B: 1n,
  S: 512n,
  K: KIB, KIB: KIB, KB: 1000n,
  M: KIB ** 2n, MIB: KIB ** 2n, MB: 1000n ** 2n,
  G: KIB ** 3n, GIB: KIB ** 3n, GB: 1000n ** 3n,
  T: KIB ** 4n, TIB: KIB ** 4n, TB: 1000n ** 4n,
  P: KIB ** 5n, PIB: KIB ** 5n, PB: 1000n ** 5n,
};

const UNIT_HINT = "K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (binary), kB, MB, GB, TB, PB (decimal), B (bytes), S (512-byte sectors)";
const SIZE_SYNTAX = /^(\d+)(?:\.(\d+))?\s*([a-zA-Z]*)$/;

/**
 * Parse a size into whole KiB, rounding up (150MB = 146485 KiB, as the linstor client does).
 * A plain number, or a numeric string without a unit, means GiB.
 */
export function parseSizeKib(input: string | number): number {
  const text = typeof input === "number" ? numberText(input) : input.trim();
  const match = SIZE_SYNTAX.exec(text);
  if (!match) {
    throw new SizeError(
      `size ${JSON.stringify(input)} is not a size: write a number with an optional unit such as '150m', '150MiB', '1.5G' or '512K' ` +
      `(no unit means GiB; units: ${UNIT_HINT})`);
  }
  const [, whole, fraction = "", unitText] = match;
  const unit = unitText === "" ? "G" : unitText.toUpperCase();
  const perUnit = UNIT_BYTES[unit];
  if (perUnit === undefined) {
    throw new SizeError(`size ${JSON.stringify(input)} has an unknown unit '${unitText}': use one of ${UNIT_HINT}`);
  }
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(whole + fraction) * perUnit;
  const denominator = scale * KIB;
  const kib = (numerator + denominator - 1n) / denominator;
  if (kib <= 0n) {
    throw new SizeError(`size ${JSON.stringify(input)} is zero: LINSTOR needs at least 1 KiB`);
  }
  if (kib > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SizeError(`size ${JSON.stringify(input)} is too large: ${kib} KiB exceeds ${Number.MAX_SAFE_INTEGER} KiB`);
  }
  return Number(kib);
}

function numberText(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new SizeError(`size ${value} is not a size: it must be a positive number (GiB) or a string such as '150m'`);
  }
  // Avoid exponent notation (1e-7) which the syntax above rejects with a less helpful message.
  return value.toFixed(20).replace(/\.?0+$/, "");
}

const DISPLAY_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];

/** Render KiB with the largest binary unit that keeps the value ≥ 1: "150 MiB", "1.50 GiB". */
export function formatKib(kib: number): string {
  let value = kib;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < DISPLAY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return `${shown} ${DISPLAY_UNITS[unit]}`;
}
