// Sizes the way the linstor client reads them (`linstor vd create r 150m`): whole digits directly
// followed by a unit, case-insensitive. What the client would read in a way that is easy to get
// wrong is refused with the spelling that says what is meant: no unit (the client reads GiB),
// decimal units (`150MB` is 143.05 MiB), a space before the unit or a fraction (the client refuses
// both). LINSTOR speaks KiB on the wire; a size is parsed into KiB once, here.

export class SizeError extends Error {
  override name = "SizeError";
}

const KIB = 1024n;
/** Bytes per accepted unit, keyed by the upper-cased spelling (the linstor client's binary units). */
const UNIT_BYTES: Record<string, bigint> = {
  B: 1n,
  S: 512n,
  K: KIB, KIB: KIB,
  M: KIB ** 2n, MIB: KIB ** 2n,
  G: KIB ** 3n, GIB: KIB ** 3n,
  T: KIB ** 4n, TIB: KIB ** 4n,
  P: KIB ** 5n, PIB: KIB ** 5n,
};
/** The client's decimal units: refused, since `MB` is so often meant as MiB. */
const DECIMAL_BYTES: Record<string, bigint> = { KB: 1000n, MB: 1000n ** 2n, GB: 1000n ** 3n, TB: 1000n ** 4n, PB: 1000n ** 5n };

const UNIT_HINT = "K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors)";
/** Digits, an optional fraction, optional blanks, an optional unit: enough to explain what is wrong. */
const SIZE_PARTS = /^(\d+)(?:\.(\d*))?(\s*)([a-zA-Z]*)$/;

/** Parse a size such as `150M`, `150MiB` or `10G` into whole KiB (rounded up, as the linstor client does). */
export function parseSizeKib(input: string | number): number {
  const shown = JSON.stringify(input);
  if (typeof input === "number") {
    const fix = Number.isInteger(input) && input > 0 ? `: write ${input}G for ${input} GiB or ${input}M for ${input} MiB` : "";
    throw new SizeError(`size ${shown} has no unit (a bare number, which the linstor client reads as GiB)${fix}; units: ${UNIT_HINT}`);
  }
  const match = SIZE_PARTS.exec(input.trim());
  if (!match) {
    throw new SizeError(`size ${shown} is not a size: write whole digits directly followed by a unit, such as 150M, 150MiB or 10G (units: ${UNIT_HINT})`);
  }
  const [, whole, fraction, blank, unitText] = match;
  const unit = unitText.toUpperCase();
  if (unit === "") {
    throw new SizeError(`size ${shown} has no unit (the linstor client reads a bare number as GiB): write ${whole}G for ${whole} GiB or ${whole}M for ${whole} MiB`);
  }
  const decimal = DECIMAL_BYTES[unit];
  const perUnit = UNIT_BYTES[unit] ?? decimal;
  if (perUnit === undefined) {
    throw new SizeError(`size ${shown} has an unknown unit '${unitText}': use one of ${UNIT_HINT}`);
  }
  const kib = roundUpKib(BigInt(whole + (fraction ?? "")) * perUnit, 10n ** BigInt((fraction ?? "").length));
  if (fraction !== undefined) {
    throw new SizeError(`size ${shown} has a fraction, which the linstor client refuses: write whole units, e.g. ${exactly(kib)}`);
  }
  if (decimal) throw new SizeError(`size ${shown} is ambiguous: ${decimalHint(whole, unitText, decimal, kib)}`);
  if (blank !== "") {
    throw new SizeError(`size ${shown} has a space before its unit, which the linstor client refuses: write ${whole}${unitText}`);
  }
  if (kib <= 0n) {
    throw new SizeError(`size ${shown} is zero: LINSTOR needs at least 1 KiB`);
  }
  if (kib > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SizeError(`size ${shown} is too large: ${kib} KiB exceeds ${Number.MAX_SAFE_INTEGER} KiB`);
  }
  return Number(kib);
}

function roundUpKib(numerator: bigint, scale: bigint): bigint {
  const denominator = scale * KIB;
  return (numerator + denominator - 1n) / denominator;
}

/** What a decimal unit means to the linstor client, and the two ways to say what is meant. */
function decimalHint(whole: string, unitText: string, perUnit: bigint, kib: bigint): string {
  const binary = unitText[0].toUpperCase();
  return `the linstor client reads ${whole}${unitText} as decimal, ${BigInt(whole) * perUnit} bytes (${kib} KiB), not ${whole}${binary}iB; ` +
    `write ${whole}${binary} or ${whole}${binary}iB for binary units, or ${exactly(kib)} for the decimal size`;
}

/** KiB in the largest binary unit that holds them exactly: 1572864 → "1536M". */
function exactly(kib: bigint): string {
  let value = kib;
  let unit = 0;
  while (value > 0n && value % KIB === 0n && unit < 4) {
    value /= KIB;
    unit++;
  }
  return `${value}${"KMGTP"[unit]}`;
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
