/**
 * Identifiers and opaque secrets. Tokens are random strings with a recognisable prefix, mapped to
 * records in the state (O(1) lookups); they carry no data, exactly like Google's.
 * - access tokens `ya29.emu-…` (Google's start with `ya29.`),
 * - refresh tokens `1//emu-…` (Google's start with `1//`),
 * - server auth codes `4/emu-…` (Google's start with `4/`),
 * - Recall session IDs `recall-emu-…` (Google's format is not documented).
 */
import { createHash, randomBytes } from 'node:crypto';

export const ACCESS_TOKEN_PREFIX = 'ya29.emu-';
export const REFRESH_TOKEN_PREFIX = '1//emu-';
export const AUTH_CODE_PREFIX = '4/emu-';
export const RECALL_SESSION_PREFIX = 'recall-emu-';

// Draw random bytes in batches: one syscall per ~100 tokens instead of one per token.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function random(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    pool = randomBytes(Math.max(POOL_SIZE, size));
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
}

/** A fresh opaque secret: prefix + 256 random bits, base64url. */
export function randomSecret(prefix: string): string {
  return prefix + random(32).toString('base64url');
}

/** A random decimal string of `length` digits whose first digit is not 0. */
export function randomDigits(length: number, firstDigit?: string): string {
  const bytes = random(length);
  let out = firstDigit ?? String(1 + ((bytes[0] ?? 0) % 9));
  for (let i = 1; i < length; i += 1) out += String((bytes[i] ?? 0) % 10);
  return out;
}

/** A stable decimal string derived from `seed` (for seed players without explicit IDs). */
export function derivedDigits(seed: string, length: number, firstDigit = '1'): string {
  let out = firstDigit;
  let counter = 0;
  while (out.length < length) {
    const digest = createHash('sha256').update(`${seed}#${counter}`).digest();
    for (const byte of digest) {
      if (out.length >= length) break;
      out += String(byte % 10);
    }
    counter += 1;
  }
  return out;
}

/** A short random ID for emulator objects (faults, grants). */
export function shortId(prefix: string): string {
  return `${prefix}-${random(9).toString('base64url')}`;
}
