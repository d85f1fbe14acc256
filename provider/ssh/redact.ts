// Keeps secrets out of every message this module produces. Errors from ssh2, stderr of remote
// commands and our own texts all pass through one redactor built from the spec's secrets.
import type { NodeSshSpec } from "../model/types";

export type Redactor = (text: string) => string;

const MASK = "[redacted]";
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

export function secretsOf(spec: NodeSshSpec): string[] {
  const out: string[] = [];
  for (const s of [spec.privateKey, spec.passphrase, spec.password]) {
    if (typeof s === "string" && s.length > 0) out.push(s);
  }
  // A key may show up line by line (or trimmed): mask each substantial line of it too.
  if (typeof spec.privateKey === "string") {
    for (const line of spec.privateKey.split(/\r?\n/)) {
      const t = line.trim();
      if (t.length >= 16 && !t.startsWith("-----")) out.push(t);
    }
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}

export function makeRedactor(spec: NodeSshSpec): Redactor {
  const secrets = secretsOf(spec);
  return (text: string) => {
    let out = text.replace(PEM_BLOCK, MASK);
    for (const s of secrets) out = out.split(s).join(MASK);
    return out;
  };
}
