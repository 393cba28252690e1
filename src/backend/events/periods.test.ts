import { describe, expect, it } from 'vitest';
import { PERIOD_MS, periodsOf } from './periods.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const write = (id: number, eventId: string, count: number, createdAt: number) => ({ id, eventId, count, createdAt });

describe('periodsOf', () => {
  it('puts each write in the aligned minute it was stored in, summing counts per event', () => {
    const { timePeriods, writeIds } = periodsOf([
      write(1, 'a', 2, T + 5_000),
      write(2, 'b', 1, T + 59_999),
      write(3, 'a', 3, T + 10_000),
      write(4, 'a', 1, T - 1),
    ]);
    expect(timePeriods).toEqual([
      { timePeriod: { periodStartMillis: String(T - PERIOD_MS), periodEndMillis: String(T) }, updates: [{ definitionId: 'a', updateCount: '1' }] },
      {
        timePeriod: { periodStartMillis: String(T), periodEndMillis: String(T + PERIOD_MS) },
        updates: [
          { definitionId: 'a', updateCount: '5' },
          { definitionId: 'b', updateCount: '1' },
        ],
      },
    ]);
    expect(writeIds).toEqual([[4], [1, 2, 3]]);
  });

  it('builds the same request from the same writes, whenever it is built (a resend is the same batch)', () => {
    const writes = [write(7, 'a', 1, T + 1), write(8, 'b', 2, T + 90_000)];
    expect(periodsOf(writes)).toEqual(periodsOf([...writes]));
  });
});
