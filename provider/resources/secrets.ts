// Secret inputs (a descriptor's `secretInputs`, dot paths such as `ssh.privateKey`). The engine
// hands them to the provider in plain text (dynamic providers do not accept secrets) and keeps
// them encrypted in the state's inputs; they must never come back as outputs or inside a message.

type Raw = Record<string, unknown>;

const MASK = "[secret]";

function isMap(v: unknown): v is Raw {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A copy of `raw` without the fields at `paths`; maps left empty by that are dropped too. */
export function withoutSecrets(raw: Raw, paths: readonly string[]): Raw {
  if (paths.length === 0) return raw;
  const out: Raw = { ...raw };
  for (const path of paths) {
    const [head, ...rest] = path.split(".");
    if (rest.length === 0) {
      delete out[head];
    } else if (isMap(out[head])) {
      const inner = withoutSecrets(out[head] as Raw, [rest.join(".")]);
      if (Object.keys(inner).length > 0) out[head] = inner;
      else delete out[head];
    }
  }
  return out;
}

/** The secret strings present in `raw`. */
export function secretValues(raw: Raw, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let v: unknown = raw;
    for (const part of path.split(".")) v = isMap(v) ? v[part] : undefined;
    if (typeof v === "string" && v.length > 0) out.push(v);
  }
  return out;
}

/** Masks every secret in `text`, also line by line for multi-line secrets such as private keys. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const pieces = new Set<string>();
  for (const s of secrets) {
    pieces.add(s);
    for (const line of s.split(/\r?\n/)) if (line.trim().length >= 16) pieces.add(line.trim());
  }
  let out = text;
  // Longest first, so a secret that contains another one is masked whole.
  for (const p of [...pieces].sort((a, b) => b.length - a.length)) out = out.split(p).join(MASK);
  return out;
}

/** The same error with the secrets masked in its message and stack (other fields are left alone). */
export function maskError(err: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return err;
  if (err instanceof Error) {
    err.message = maskSecrets(err.message, secrets);
    if (err.stack) err.stack = maskSecrets(err.stack, secrets);
    return err;
  }
  return new Error(maskSecrets(String(err), secrets));
}
