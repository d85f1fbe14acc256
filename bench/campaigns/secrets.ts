// The secrets every campaign run carries (controller password and bearer token as secret config
// and LS_* environment, an encrypted SSH private key and its passphrase), and the search for them
// in everything a run leaves behind: the state file as stored, engine output, provider messages
// and error texts.
import * as crypto from "crypto";

export interface CampaignSecrets {
  password: string;
  bearerToken: string;
  sshPassphrase: string;
  /** PEM, encrypted with sshPassphrase. */
  sshPrivateKey: string;
}

export function makeSecrets(seedText: string): CampaignSecrets {
  const tag = crypto.createHash("sha256").update(seedText).digest("hex").slice(0, 12);
  const sshPassphrase = `pp-campaign-${tag}-passphrase`;
  const { privateKey } = crypto.generateKeyPairSync("ed25519", {
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: sshPassphrase },
  });
  return {
    password: `pw-campaign-${tag}-controller`,
    bearerToken: `tok-campaign-${tag}-bearer`,
    sshPassphrase,
    sshPrivateKey: privateKey,
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
