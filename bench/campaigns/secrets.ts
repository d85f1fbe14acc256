// The secrets every campaign run carries, each where the provider really receives it: the
// controller password and bearer token as secret stack config and LS_* environment, and an SSH
// private key (OpenSSH format, encrypted) with its passphrase in a Node's `ssh` inputs, with which
// the provider logs in to a real sshd (harness/sshd.ts). Then the search for them in everything a
// run leaves behind: the state files as stored, the engine's files, engine output, provider
// messages and error texts.
import * as crypto from "crypto";
import type { ClientKey } from "../../harness/sshd";

export interface CampaignSecrets {
  password: string;
  bearerToken: string;
  sshPassphrase: string;
  /** OpenSSH private key, encrypted with sshPassphrase, authorized on the campaign's sshd. */
  sshPrivateKey: string;
}

/** `makeKey` makes (and authorizes) the SSH key pair with the given passphrase. */
export function makeSecrets(seedText: string, makeKey: (passphrase: string) => ClientKey): CampaignSecrets {
  const tag = crypto.createHash("sha256").update(seedText).digest("hex").slice(0, 12);
  const sshPassphrase = `pp-campaign-${tag}-passphrase`;
  return {
    password: `pw-campaign-${tag}-controller`,
    bearerToken: `tok-campaign-${tag}-bearer`,
    sshPassphrase,
    sshPrivateKey: makeKey(sshPassphrase).privateKey,
  };
}

/** The strings that must never show: each secret whole, and every substantial line of the key. */
export function secretPieces(s: CampaignSecrets): string[] {
  const pieces = [s.password, s.bearerToken, s.sshPassphrase];
  for (const line of s.sshPrivateKey.split("\n")) if (line.length >= 16 && !line.startsWith("-----")) pieces.push(line);
  return pieces;
}

export interface SecretFinding {
  where: string;
  /** The first characters of the secret found (never the whole). */
  secret: string;
}

/** Counts every occurrence of a secret piece in the texts; `where` names the source in the report. */
export class SecretScanner {
  readonly findings: SecretFinding[] = [];
  scanned = 0;
  constructor(private readonly pieces: string[]) {}

  scan(where: string, text: string | undefined): void {
    if (text === undefined) return;
    this.scanned++;
    for (const p of this.pieces) if (text.includes(p)) this.findings.push({ where, secret: `${p.slice(0, 6)}…` });
    if (/PRIVATE KEY-----/.test(text)) this.findings.push({ where, secret: "PRIVATE KEY header" });
  }
}
