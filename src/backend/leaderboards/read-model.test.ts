/** The overlay of a player's newer score on a page: where their row goes and which ranks move. */
import { describe, expect, it } from 'vitest';
import { overlayOwnScores, overlayPage, type BoardEntry, type BoardPage } from './read-model.js';

const row = (playerId: string, rank: number, score: number): BoardEntry => ({ playerId, displayName: playerId, rank, score, formattedScore: `${score}` });
const page = (items: BoardEntry[], me: BoardPage['me'] = null, nextPageToken?: string): BoardPage => ({ items, me, ...(nextPageToken ? { nextPageToken } : {}) });
const me = { playerId: 'me', displayName: 'Me' };
const ranks = (p: BoardPage) => p.items.map((e) => [e.playerId, e.rank, e.score]);

describe('overlayPage', () => {
  const top = [row('a', 1, 900), row('b', 2, 700), row('c', 3, 500)];

  it('a player not on the page enters where the score ranks; the rows below move down one', () => {
    const result = overlayPage(page(top), 'LARGER_IS_BETTER', { ...me, score: 800 }, true);
    expect(ranks(result)).toEqual([
      ['a', 1, 900],
      ['me', 2, 800],
      ['b', 3, 700],
      ['c', 4, 500],
    ]);
    expect(result.items[1]).toMatchObject({ pending: true, formattedScore: '800' });
    expect(result.me).toEqual({ rank: 2, score: 800, pending: true });
  });

  it('a player on the page moves up; only the rows they pass move down', () => {
    const result = overlayPage(page([...top, row('me', 4, 100), row('d', 5, 50)], { rank: 4, score: 100 }), 'LARGER_IS_BETTER', { ...me, score: 600 }, true);
    expect(ranks(result)).toEqual([
      ['a', 1, 900],
      ['b', 2, 700],
      ['me', 3, 600],
      ['c', 4, 500],
      ['d', 5, 50],
    ]);
  });

  it('a score that does not beat the standing one changes nothing (equal is not better)', () => {
    const original = page([...top, row('me', 4, 100)], { rank: 4, score: 100 });
    expect(overlayPage(original, 'LARGER_IS_BETTER', { ...me, score: 100 }, true)).toBe(original);
    expect(overlayPage(page(top, { rank: 40, score: 300 }), 'LARGER_IS_BETTER', { ...me, score: 200 }, false).items).toEqual(top);
  });

  it('SMALLER_IS_BETTER: a lower time ranks higher', () => {
    const times = [row('a', 1, 50_000), row('b', 2, 60_000)];
    expect(ranks(overlayPage(page(times), 'SMALLER_IS_BETTER', { ...me, score: 55_000 }, true))).toEqual([
      ['a', 1, 50_000],
      ['me', 2, 55_000],
      ['b', 3, 60_000],
    ]);
  });

  it('below a full page with more pages after it: the page stands, me shows the score with an unknown rank', () => {
    const result = overlayPage(page(top, null, 'next'), 'LARGER_IS_BETTER', { ...me, score: 10 }, false);
    expect(result.items).toEqual(top);
    expect(result.me).toEqual({ rank: null, score: 10, pending: true });
    // The last page: the player is appended after the last row.
    expect(ranks(overlayPage(page(top), 'LARGER_IS_BETTER', { ...me, score: 10 }, true)).at(-1)).toEqual(['me', 4, 10]);
  });
});

describe('overlayOwnScores', () => {
  it('a pending best shows in every span it beats or has none; a standing better score stays', () => {
    const standing = [
      { timeSpan: 'ALL_TIME' as const, score: 900, rank: 1, formattedScore: '900' },
      { timeSpan: 'WEEKLY' as const, score: 300, rank: 4, formattedScore: '300' },
    ];
    expect(overlayOwnScores(standing, 'LARGER_IS_BETTER', { score: 500 })).toEqual([
      standing[0],
      { timeSpan: 'WEEKLY', score: 500, formattedScore: '500', pending: true },
      { timeSpan: 'DAILY', score: 500, formattedScore: '500', pending: true },
    ]);
    expect(overlayOwnScores(standing, 'LARGER_IS_BETTER', undefined)).toEqual(standing);
  });
});
