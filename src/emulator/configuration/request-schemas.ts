/**
 * The Configuration API's JSON bodies (discovery gamesConfiguration-v1configuration.json), as
 * TypeBox schemas (so a bad body is Google's 400 naming the field) and as proto messages for
 * `games/json-fields.ts` (unknown names refused, snake_case names taken). The console's limits
 * (https://developer.android.com/games/pgs/achievements and …/pgs/leaderboards): names up to 100
 * characters, descriptions up to 500, points a multiple of 5 up to 200, steps up to 10,000.
 * `published` is read-only: it is taken and ignored, as are `iconUrl` and `sortRank`.
 */
import { Type } from 'typebox';
import type { MessageSpec } from '../games/json-fields.js';
import { Int64String } from '../games/schemas.js';
import { LeaderboardDetailSchema } from '../seed-leaderboards.js';

const Kind = Type.Optional(Type.String());

function bundle(maxLength: number) {
  return Type.Object(
    {
      kind: Kind,
      translations: Type.Array(Type.Object({ kind: Kind, locale: Type.String({ minLength: 1 }), value: Type.String({ minLength: 1, maxLength }) }), { minItems: 1 }),
    },
  );
}

export const AchievementDetailBody = Type.Object({
  kind: Kind,
  name: bundle(100),
  description: Type.Optional(bundle(500)),
  iconUrl: Type.Optional(Type.String()),
  pointValue: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, multipleOf: 5 })),
  sortRank: Type.Optional(Type.Integer()),
});

export const AchievementConfigurationBody = Type.Object({
  kind: Kind,
  id: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  achievementType: Type.Enum(['STANDARD', 'INCREMENTAL']),
  initialState: Type.Enum(['HIDDEN', 'REVEALED']),
  stepsToUnlock: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  draft: AchievementDetailBody,
  published: Type.Optional(Type.Object({})),
});

export const LeaderboardConfigurationBody = Type.Object({
  kind: Kind,
  id: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  scoreOrder: Type.Enum(['LARGER_IS_BETTER', 'SMALLER_IS_BETTER']),
  scoreMin: Type.Optional(Int64String),
  scoreMax: Type.Optional(Int64String),
  draft: LeaderboardDetailSchema,
  published: Type.Optional(Type.Object({})),
});

const BUNDLE: MessageSpec = {
  kind: { alias: 'kind' },
  translations: { alias: 'translations', repeated: true, message: { kind: { alias: 'kind' }, locale: { alias: 'locale' }, value: { alias: 'value' } } },
};

const field = (alias: string, message?: MessageSpec) => ({ alias, ...(message ? { message } : {}) });

const ACHIEVEMENT_DETAIL: MessageSpec = {
  kind: field('kind'),
  name: field('name', BUNDLE),
  description: field('description', BUNDLE),
  iconUrl: field('icon_url'),
  pointValue: field('point_value'),
  sortRank: field('sort_rank'),
};

/** `AchievementConfiguration` as a request message. */
export const ACHIEVEMENT_CONFIGURATION: MessageSpec = {
  kind: field('kind'),
  id: field('id'),
  token: field('token'),
  achievementType: field('achievement_type'),
  initialState: field('initial_state'),
  stepsToUnlock: field('steps_to_unlock'),
  draft: field('draft', ACHIEVEMENT_DETAIL),
  published: field('published', ACHIEVEMENT_DETAIL),
};

const AFFIX: MessageSpec = Object.fromEntries(['zero', 'one', 'two', 'few', 'many', 'other'].map((name) => [name, field(name, BUNDLE)]));

const LEADERBOARD_DETAIL: MessageSpec = {
  kind: field('kind'),
  name: field('name', BUNDLE),
  iconUrl: field('icon_url'),
  sortRank: field('sort_rank'),
  scoreFormat: field('score_format', {
    kind: field('kind'),
    numberFormatType: field('number_format_type'),
    numDecimalPlaces: field('num_decimal_places'),
    currencyCode: field('currency_code'),
    suffix: field('suffix', AFFIX),
  }),
};

/** `LeaderboardConfiguration` as a request message. */
export const LEADERBOARD_CONFIGURATION: MessageSpec = {
  kind: field('kind'),
  id: field('id'),
  token: field('token'),
  scoreOrder: field('score_order'),
  scoreMin: field('score_min'),
  scoreMax: field('score_max'),
  draft: field('draft', LEADERBOARD_DETAIL),
  published: field('published', LEADERBOARD_DETAIL),
};
