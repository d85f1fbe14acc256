// Host key fingerprints exactly as `ssh-keygen -lf` prints them: `SHA256:` followed by the
// unpadded base64 of the SHA-256 digest of the public key blob (the wire format the server offers).
import { createHash } from "crypto";

export interface OfferedHostKey {
  /** Key algorithm named inside the blob, e.g. ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
  type: string;
  /** `SHA256:<base64 without padding>`. */
  fingerprint: string;
}

export function fingerprintOf(keyBlob: Buffer): string {
  const digest = createHash("sha256").update(keyBlob).digest("base64");
  return "SHA256:" + digest.replace(/=+$/, "");
}

/** The key type is the first length-prefixed string of the blob (RFC 4253 §6.6). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return "unknown";
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || keyBlob.length < 4 + len) return "unknown";
  return keyBlob.subarray(4, 4 + len).toString("latin1");
}

export function describeHostKey(keyBlob: Buffer): OfferedHostKey {
  return { type: keyTypeOf(keyBlob), fingerprint: fingerprintOf(keyBlob) };
}

const FINGERPRINT = /^SHA256:([A-Za-z0-9+/]{43})=?$/;

/**
 * Checks and normalizes a pinned fingerprint (tolerates surrounding blanks and base64 padding).
 * Returns undefined when the text is not a SHA256 fingerprint.
 */
export function normalizeFingerprint(text: string): string | undefined {
  const m = FINGERPRINT.exec(text.trim());
  return m ? "SHA256:" + m[1] : undefined;
}
