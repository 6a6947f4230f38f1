import { randomBytes } from "node:crypto";
import { randomToken, sha256Hex } from "../accounts/secrets.ts";

/**
 * An API key reads `tg_<id>_<secret>`. `tg_<id>` is the public prefix (stored, shown in listings, used for lookup);
 * only the SHA-256 of `<secret>` is stored, so a database leak does not leak usable keys.
 */
const KEY_PATTERN = /^(tg_[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  prefix: string;
  secretHash: string;
  /** The full key, shown to the user once. */
  plaintext: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = `tg_${randomBytes(8).toString("hex")}`;
  const secret = randomToken(32);
  return { prefix, secretHash: sha256Hex(secret), plaintext: `${prefix}_${secret}` };
}

export interface ParsedApiKey {
  prefix: string;
  secretHash: string;
}

/** Splits a presented key into its lookup prefix and the hash to compare; null when it is not shaped like a key. */
export function parseApiKey(presented: string): ParsedApiKey | null {
  const match = KEY_PATTERN.exec(presented);
  if (!match?.[1] || !match[2]) return null;
  return { prefix: match[1], secretHash: sha256Hex(match[2]) };
}

/** Whether a presented key is shaped like one we issue (cheap; no hashing, no lookup). */
export function isApiKeyShaped(presented: string): boolean {
  return KEY_PATTERN.test(presented);
}
