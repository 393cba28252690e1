import { describe, expect, it } from 'vitest';
import { createEmulator } from './create-emulator.js';
import { DEMO_SEED } from './demo-seed.js';
import { EmulatorConfigError, validateEmulatorConfig, type EmulatorConfig } from './seed.js';
import { api, call, signIn } from './test-support/harness.js';

/** The demo seed with the demo game's leaderboards replaced. */
function withLeaderboards(leaderboards: unknown[]): EmulatorConfig {
  const config = structuredClone(DEMO_SEED) as unknown as { applications: Array<Record<string, unknown>> };
  config.applications[0]!.leaderboards = leaderboards;
  return config as unknown as EmulatorConfig;
}

function messageOf(config: unknown): string {
  try {
    validateEmulatorConfig(config);
  } catch (error) {
    if (error instanceof EmulatorConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const name = (value: string) => ({ translations: [{ locale: 'en-US', value }] });

describe('the demo seed’s leaderboards', () => {
  it('has a published LARGER_IS_BETTER board, a published SMALLER_IS_BETTER time, one with limits, and a draft', () => {
    const boards = DEMO_SEED.applications[0]!.leaderboards!;
    expect(boards.some((b) => b.published && b.scoreOrder === 'LARGER_IS_BETTER' && b.scoreMin === undefined)).toBe(true);
    expect(boards.some((b) => b.published?.scoreFormat?.numberFormatType === 'TIME_DURATION' && b.scoreOrder === 'SMALLER_IS_BETTER')).toBe(true);
    expect(boards.some((b) => b.published && b.scoreMin !== undefined && b.scoreMax !== undefined)).toBe(true);
    expect(boards.some((b) => !b.published && b.draft)).toBe(true);
  });
});

describe('leaderboards in a --config seed (Configuration API JSON)', () => {
  it('takes a LeaderboardConfiguration as Google’s Configuration API answers it', async () => {
    // What `leaderboardConfigurations.list` answers, item for item.
    const exported = {
      kind: 'gamesConfiguration#leaderboardConfiguration',
      id: 'CgkIexported',
      token: 'etag-1',
      scoreOrder: 'SMALLER_IS_BETTER',
      scoreMin: '0',
      scoreMax: '3600000',
      draft: { kind: 'gamesConfiguration#leaderboardConfigurationDetail', name: { kind: 'gamesConfiguration#localizedStringBundle', translations: [{ kind: 'gamesConfiguration#localizedString', locale: 'en-US', value: 'Speed (draft name)' }] } },
      published: {
        kind: 'gamesConfiguration#leaderboardConfigurationDetail',
        name: { kind: 'gamesConfiguration#localizedStringBundle', translations: [{ kind: 'gamesConfiguration#localizedString', locale: 'en-US', value: 'Speed' }] },
        iconUrl: 'https://example.com/speed.png',
        sortRank: 1,
        scoreFormat: { kind: 'gamesConfiguration#gamesNumberFormatConfiguration', numberFormatType: 'TIME_DURATION' },
      },
    };
    const { app } = await createEmulator({ config: withLeaderboards([exported]) });
    const { access_token } = await signIn(app);
    const listed = await api(app, 'GET', '/games/v1/leaderboards', access_token);
    expect(listed.body.items).toEqual([
      { kind: 'games#leaderboard', id: 'CgkIexported', name: 'Speed', iconUrl: 'https://example.com/speed.png', isIconUrlDefault: false, order: 'SMALLER_IS_BETTER' },
    ]);
    const control = await call(app, 'GET', '/emulator/v1/applications');
    expect(control.body.applications[0].leaderboards).toEqual([{ id: 'CgkIexported', name: 'Speed', order: 'SMALLER_IS_BETTER', scoreMin: 0, scoreMax: 3600000, published: true }]);
    await app.close();
  });

  it('refuses a bad leaderboard, naming the field', () => {
    const ok = { id: 'CgkIok', scoreOrder: 'LARGER_IS_BETTER', published: { name: name('OK') } };
    const at = 'applications[0].leaderboards';
    const cases: Array<[unknown[], string]> = [
      [[{ ...ok, scoreOrder: 'SCORE_ORDER_UNSPECIFIED' }], `${at}[0].scoreOrder must be LARGER_IS_BETTER or SMALLER_IS_BETTER`],
      [[{ ...ok, scoreMin: 5 }], `${at}[0].scoreMin must be a string`],
      [[{ ...ok, scoreMax: '1e9' }], `${at}[0].scoreMax has a bad format (must match ^-?[0-9]{1,19}$)`],
      [[{ ...ok, scoreMin: '10', scoreMax: '9' }], `${at}[0].scoreMin (10) must not be greater than scoreMax (9)`],
      [[{ ...ok, scoreMax: '9999999999999999999' }], `${at}[0].scoreMax must fit in an int64`],
      [[ok, { ...ok }], `${at}[1].id duplicates ${at}[0].id (CgkIok)`],
      [[{ ...ok, id: 'ALL' }], `${at}[0].id must not be ALL (scores.get uses it for every leaderboard)`],
      [[{ id: 'CgkIx', scoreOrder: 'LARGER_IS_BETTER' }], `${at}[0] needs a published or a draft version (or both)`],
      [[{ ...ok, published: { name: { translations: [] } } }], `${at}[0].published.name.translations must have at least 1 item(s)`],
      [[{ ...ok, published: { name: name('OK'), scoreFormat: { numberFormatType: 'CURRENCY' } } }], `${at}[0].published.scoreFormat.currencyCode is required for a CURRENCY score format`],
      [[{ ...ok, published: { name: name('OK'), scoreFormat: { numberFormatType: 'ROMAN' } } }], `${at}[0].published.scoreFormat.numberFormatType must be NUMERIC, TIME_DURATION or CURRENCY`],
      [[{ ...ok, order: 'LARGER_IS_BETTER' }], `${at}[0].order is not a known field`],
      [Array.from({ length: 71 }, (_, i) => ({ ...ok, id: `CgkI${i}` })), `${at} has 71 leaderboards; a game may have at most 70`],
    ];
    for (const [leaderboards, message] of cases) expect(messageOf(withLeaderboards(leaderboards))).toBe(message);
  });
});
