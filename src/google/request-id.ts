/**
 * Request IDs for `achievements.increment` and `updateMultiple` increments: "a random number
 * chosen by the caller" that Google uses to apply a retried increment only once
 * (games-v1 discovery, `requestId`, format int64; docs/google/games-api.md,
 * 'requestId and retries'). They travel as decimal strings.
 */
import { randomFillSync } from 'node:crypto';

const INT64_MAX = (1n << 63n) - 1n;

/**
 * Random bytes drawn from the CSPRNG 4 KiB at a time, 8 per ID. `randomBytes(8)` per ID was about
 * 4 % of an increment's CPU in-process (docs/BENCHMARKS.md, 'Hot paths'): each call allocates a
 * buffer and enters the CSPRNG for 8 bytes. A request ID is no secret (it is stored and sent to
 * Google); what it needs is to be unpredictable and not to repeat, which the pool keeps: every
 * byte comes from `randomFillSync`, and none is used twice.
 */
const POOL = Buffer.alloc(8 * 512);
let poolOffset = POOL.length;

/** A crypto-random positive int64 (1 … 2^63 − 1) as a decimal string. */
export function newRequestId(): string {
  for (;;) {
    if (poolOffset === POOL.length) {
      randomFillSync(POOL);
      poolOffset = 0;
    }
    // 63 random bits: always fits a signed int64; zero (1 chance in 2^63) is drawn again.
    const value = POOL.readBigUInt64BE(poolOffset) & INT64_MAX;
    poolOffset += 8;
    if (value > 0n) return value.toString();
  }
}

/** Whether `value` is a positive int64 written in canonical decimal (no sign, no leading zero). */
export function isRequestId(value: string): boolean {
  if (!/^[1-9]\d{0,18}$/.test(value)) return false;
  return BigInt(value) <= INT64_MAX;
}
