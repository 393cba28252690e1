import { describe, expect, it } from 'vitest';
import { isBetter, periodStart, rank, submitScore, withinLimits, type PlayerBests } from './leaderboard-logic.js';

const at = (iso: string) => Date.parse(iso);

describe('periodStart', () => {
  it('starts a day at 07:00 UTC (midnight UTC-7), all year, with no daylight-saving switch', () => {
    expect(periodStart('DAILY', at('2026-12-04T06:59:59.999Z'))).toBe(at('2026-12-03T07:00:00Z'));
    expect(periodStart('DAILY', at('2026-12-04T07:00:00Z'))).toBe(at('2026-12-04T07:00:00Z'));
    expect(periodStart('DAILY', at('2026-07-04T12:00:00Z'))).toBe(at('2026-07-04T07:00:00Z'));
  });

  it('starts a week on Sunday at 07:00 UTC (midnight between Saturday and Sunday, UTC-7)', () => {
    // 2026-12-06 is a Sunday.
    expect(periodStart('WEEKLY', at('2026-12-06T06:59:59.999Z'))).toBe(at('2026-11-29T07:00:00Z'));
    expect(periodStart('WEEKLY', at('2026-12-06T07:00:00Z'))).toBe(at('2026-12-06T07:00:00Z'));
    expect(periodStart('WEEKLY', at('2026-12-12T23:00:00Z'))).toBe(at('2026-12-06T07:00:00Z'));
    expect(new Date(periodStart('WEEKLY', at('2031-03-01T00:00:00Z'))).getUTCDay()).toBe(0);
    expect(periodStart('ALL_TIME', at('2026-12-06T07:00:00Z'))).toBe(0);
  });
});

describe('isBetter and withinLimits', () => {
  it('is strict in both orders', () => {
    expect([isBetter('LARGER_IS_BETTER', 2n, 1n), isBetter('LARGER_IS_BETTER', 1n, 1n), isBetter('LARGER_IS_BETTER', 0n, 1n)]).toEqual([true, false, false]);
    expect([isBetter('SMALLER_IS_BETTER', 0n, 1n), isBetter('SMALLER_IS_BETTER', 1n, 1n), isBetter('SMALLER_IS_BETTER', 2n, 1n)]).toEqual([true, false, false]);
  });

  it('includes both limits', () => {
    expect([withinLimits(1n, 1n, 10n), withinLimits(10n, 1n, 10n), withinLimits(0n, 1n, 10n), withinLimits(11n, 1n, 10n), withinLimits(-5n, undefined, undefined)]).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
  });
});

describe('submitScore', () => {
  const monday = at('2026-12-07T12:00:00Z');

  it('beats every span at first, then only the spans it is better in', () => {
    const first = submitScore(undefined, 'LARGER_IS_BETTER', 100n, 'a', monday);
    expect(first.beaten).toEqual(['ALL_TIME', 'WEEKLY', 'DAILY']);
    const nextDay = monday + 24 * 3_600_000;
    const second = submitScore(first.bests, 'LARGER_IS_BETTER', 50n, 'b', nextDay);
    expect(second.beaten).toEqual(['DAILY']);
    expect(second.unbeaten.map(({ span, entry }) => [span, entry.value, entry.tag])).toEqual([
      ['ALL_TIME', 100n, 'a'],
      ['WEEKLY', 100n, 'a'],
    ]);
    const equal = submitScore(second.bests, 'LARGER_IS_BETTER', 50n, 'c', nextDay);
    expect(equal.beaten).toEqual([]);
  });

  it('does not mutate the bests it is given', () => {
    const bests: PlayerBests = submitScore(undefined, 'SMALLER_IS_BETTER', 9n, undefined, monday).bests;
    const copy = structuredClone(bests);
    submitScore(bests, 'SMALLER_IS_BETTER', 1n, undefined, monday);
    expect(bests).toEqual(copy);
  });
});

describe('rank', () => {
  it('sorts by score in the board order, then by who submitted first, then by the tie-break', () => {
    const entry = (value: bigint, writtenAt: number) => ({ value, tag: undefined, writtenAt, period: 0 });
    const entries = [
      { player: 'late-tie', entry: entry(5n, 20) },
      { player: 'worst', entry: entry(1n, 1) },
      { player: 'early-tie', entry: entry(5n, 10) },
      { player: 'best', entry: entry(9n, 30) },
    ];
    const keys: Record<string, number> = { 'late-tie': 1, worst: 2, 'early-tie': 3, best: 4 };
    expect(rank([...entries], 'LARGER_IS_BETTER', (p) => keys[p]!).map((r) => r.player)).toEqual(['best', 'early-tie', 'late-tie', 'worst']);
    expect(rank([...entries], 'SMALLER_IS_BETTER', (p) => keys[p]!).map((r) => r.player)).toEqual(['worst', 'early-tie', 'late-tie', 'best']);
  });
});
