/**
 * Leaderboards in the seed are Google's own Configuration API JSON, `LeaderboardConfiguration`
 * (https://developers.google.com/games/services/publishing/api/leaderboardConfigurations), so a
 * team can paste the `items` of `leaderboardConfigurations.list` for its real game. A board with
 * a `published` version is published; one with only a `draft` is a draft (testers and developers
 * see it). The Games API shows the published version when there is one.
 *
 * Besides the schema, `checkLeaderboards` applies what it cannot say, each error naming the
 * field: unique IDs, `scoreMin` ≤ `scoreMax`, int64 range, a currency code for CURRENCY.
 */
import { Type, type Static } from 'typebox';

const NonEmpty = (options: Record<string, unknown> = {}) => Type.String({ minLength: 1, ...options });
const Kind = Type.Optional(Type.String());
/** An int64 as Google's JSON writes it: a decimal string. */
const Int64 = Type.String({ pattern: '^-?[0-9]{1,19}$' });

export const LocalizedStringBundleSchema = Type.Object(
  {
    kind: Kind,
    translations: Type.Array(
      Type.Object({ kind: Kind, locale: NonEmpty(), value: NonEmpty({ maxLength: 100 }) }, { additionalProperties: false }),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export const ScoreFormatSchema = Type.Object(
  {
    kind: Kind,
    numberFormatType: Type.Enum(['NUMERIC', 'TIME_DURATION', 'CURRENCY']),
    /** NUMERIC only. */
    numDecimalPlaces: Type.Optional(Type.Integer({ minimum: 0, maximum: 15 })),
    /** CURRENCY only: ISO 4217, e.g. USD. */
    currencyCode: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    suffix: Type.Optional(
      Type.Object(
        {
          kind: Kind,
          zero: Type.Optional(LocalizedStringBundleSchema),
          one: Type.Optional(LocalizedStringBundleSchema),
          two: Type.Optional(LocalizedStringBundleSchema),
          few: Type.Optional(LocalizedStringBundleSchema),
          many: Type.Optional(LocalizedStringBundleSchema),
          other: Type.Optional(LocalizedStringBundleSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const LeaderboardDetailSchema = Type.Object(
  {
    kind: Kind,
    name: LocalizedStringBundleSchema,
    iconUrl: Type.Optional(NonEmpty()),
    sortRank: Type.Optional(Type.Integer({ minimum: 0 })),
    scoreFormat: Type.Optional(ScoreFormatSchema),
  },
  { additionalProperties: false },
);

export const LeaderboardConfigSchema = Type.Object(
  {
    kind: Kind,
    id: NonEmpty({ maxLength: 128, pattern: '^[A-Za-z0-9_.\\-]+$' }),
    token: Type.Optional(Type.String()),
    scoreOrder: Type.Enum(['LARGER_IS_BETTER', 'SMALLER_IS_BETTER']),
    scoreMin: Type.Optional(Int64),
    scoreMax: Type.Optional(Int64),
    draft: Type.Optional(LeaderboardDetailSchema),
    published: Type.Optional(LeaderboardDetailSchema),
  },
  { additionalProperties: false },
);

export type LocalizedStringBundle = Static<typeof LocalizedStringBundleSchema>;
export type ScoreFormatConfig = Static<typeof ScoreFormatSchema>;
export type LeaderboardDetailConfig = Static<typeof LeaderboardDetailSchema>;
export type LeaderboardConfig = Static<typeof LeaderboardConfigSchema>;

/** The Play Console's limit of leaderboards per game. */
export const MAX_LEADERBOARDS = 70;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Cross-field rules for one application's leaderboards; `fail(field, message)` throws. */
export function checkLeaderboards(leaderboards: readonly LeaderboardConfig[], at: string, fail: (field: string, message: string) => never): void {
  if (leaderboards.length > MAX_LEADERBOARDS) fail(`${at}.leaderboards`, `has ${leaderboards.length} leaderboards; a game may have at most ${MAX_LEADERBOARDS}`);
  const ids = new Map<string, number>();
  leaderboards.forEach((board, i) => {
    const field = `${at}.leaderboards[${i}]`;
    const seen = ids.get(board.id);
    if (seen !== undefined) fail(`${field}.id`, `duplicates ${at}.leaderboards[${seen}].id (${board.id})`);
    ids.set(board.id, i);
    // scores.get takes `ALL` for "every leaderboard": a board cannot be called that.
    if (board.id === 'ALL') fail(`${field}.id`, 'must not be ALL (scores.get uses it for every leaderboard)');
    if (board.draft === undefined && board.published === undefined) fail(field, 'needs a published or a draft version (or both)');
    for (const name of ['scoreMin', 'scoreMax'] as const) {
      const value = board[name];
      if (value !== undefined && (BigInt(value) < INT64_MIN || BigInt(value) > INT64_MAX)) fail(`${field}.${name}`, 'must fit in an int64');
    }
    if (board.scoreMin !== undefined && board.scoreMax !== undefined && BigInt(board.scoreMin) > BigInt(board.scoreMax)) {
      fail(`${field}.scoreMin`, `(${board.scoreMin}) must not be greater than scoreMax (${board.scoreMax})`);
    }
    for (const version of ['published', 'draft'] as const) {
      const format = board[version]?.scoreFormat;
      if (format?.numberFormatType === 'CURRENCY' && format.currencyCode === undefined) {
        fail(`${field}.${version}.scoreFormat.currencyCode`, 'is required for a CURRENCY score format');
      }
    }
  });
}
