import { describe, expect, it } from 'vitest';
import { isRequestId, newRequestId } from './request-id.js';

describe('newRequestId', () => {
  it('returns distinct positive int64 decimal strings', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newRequestId();
      expect(id).toMatch(/^[1-9]\d{0,18}$/);
      expect(BigInt(id) > 0n && BigInt(id) <= 9223372036854775807n).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(2000);
  });

  it('spreads over the whole 63-bit range (not a 53-bit float)', () => {
    // With 200 draws, at least one above 2^60 is all but certain (probability of none: 2^-600).
    const big = Array.from({ length: 200 }, () => BigInt(newRequestId())).some((v) => v > 1n << 60n);
    expect(big).toBe(true);
  });
});

describe('isRequestId', () => {
  it.each([
    ['1', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false],
    ['0', false],
    ['-5', false],
    ['007', false],
    ['12a', false],
    ['', false],
    ['1.5', false],
  ])('%j → %s', (value, expected) => {
    expect(isRequestId(value)).toBe(expected);
  });
});
