/**
 * Request IDs for `achievements.increment` and `updateMultiple` increments: "a random number
 * chosen by the caller" that Google uses to apply a retried increment only once
 * (games-v1 discovery, `requestId`, format int64; docs/google/games-api.md,
 * 'requestId and retries'). They travel as decimal strings.
 */
import { randomBytes } from 'node:crypto';

const INT64_MAX = (1n << 63n) - 1n;

/** A crypto-random positive int64 (1 … 2^63 − 1) as a decimal string. */
export function newRequestId(): string {
  for (;;) {
    // 63 random bits: always fits a signed int64; zero (1 chance in 2^63) is drawn again.
    const value = randomBytes(8).readBigUInt64BE() & INT64_MAX;
    if (value > 0n) return value.toString();
  }
}

/** Whether `value` is a positive int64 written in canonical decimal (no sign, no leading zero). */
export function isRequestId(value: string): boolean {
  if (!/^[1-9]\d{0,18}$/.test(value)) return false;
  return BigInt(value) <= INT64_MAX;
}
