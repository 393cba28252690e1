/**
 * TypeBox schemas of the leaderboard routes: they validate requests (strict: unknown fields are
 * refused) and feed `/openapi.json`. Shapes follow docs/API.md, 'Leaderboards'. Numbers are JSON
 * numbers, not Google's int64 strings; a score is an integer within ±(2^53 − 1), the range a
 * JSON number carries exactly, and anything else answers INVALID_SCORE.
 */
import { Type } from 'typebox';
import { SCORE_TAG_PATTERN } from '../../google/wire/scores.js';
import { component } from '../http/openapi-components.js';
import { withExample } from '../http/openapi-examples.js';
import { playerIdSchema, printableIdSchema } from '../http/id-schemas.js';

const LeaderboardId = printableIdSchema('a leaderboard ID', 256, 'The leaderboard ID from Play Console.');
// The one player ID schema (http/id-schemas.ts): no control character reaches the store.
const PlayerId = playerIdSchema('Any Play Games player ID the server has seen for the player.');

const TIME_SPAN_DESCRIPTION = "DAILY restarts at 07:00 UTC, WEEKLY at 07:00 UTC on Sundays (Google's UTC-7 midnight).";
export const TimeSpanSchema = Type.Union([Type.Literal('ALL_TIME'), Type.Literal('WEEKLY'), Type.Literal('DAILY')], {
  description: TIME_SPAN_DESCRIPTION,
  ...component('ScoreTimeSpan'),
});
const OrderSchema = Type.Union([Type.Literal('LARGER_IS_BETTER'), Type.Literal('SMALLER_IS_BETTER')], component('LeaderboardOrder'));

export const LeaderboardParams = Type.Object({ leaderboardId: LeaderboardId });
export const PlayerLeaderboardParams = Type.Object({ playerId: PlayerId, leaderboardId: LeaderboardId });
export const ModeratedPlayerParams = Type.Object({ playerId: playerIdSchema('The Play Games player ID to hide or unhide.') });

export const ScoresQuery = Type.Object(
  {
    // Unnamed here: a query parameter's schema is rewritten for the document, so it cannot share the component.
    timeSpan: Type.Optional(
      Type.Union([Type.Literal('ALL_TIME'), Type.Literal('WEEKLY'), Type.Literal('DAILY')], { description: `${TIME_SPAN_DESCRIPTION} Default ALL_TIME.` }),
    ),
    collection: Type.Optional(Type.Union([Type.Literal('PUBLIC'), Type.Literal('FRIENDS')], { description: 'PUBLIC (default) or the player’s FRIENDS.' })),
    around: Type.Optional(Type.Literal('me', { description: 'A window around the player’s own score instead of the top.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, description: 'Entries per page, 1–30 (default 25).' })),
    pageToken: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextPageToken of the previous page.' })),
  },
  { additionalProperties: false },
);

export const SubmitBody = Type.Object(
  {
    score: Type.Integer({
      minimum: -Number.MAX_SAFE_INTEGER,
      maximum: Number.MAX_SAFE_INTEGER,
      'x-error-code': 'INVALID_SCORE',
      description: 'An integer within ±9007199254740991. Times in milliseconds, currency in millionths of the unit, as Google takes them.',
    }),
    scoreTag: Type.Optional(Type.String({ pattern: SCORE_TAG_PATTERN, description: "Up to 64 URI-safe characters ([a-zA-Z0-9-._~]), kept with the score (Google's scoreTag)." })),
  },
  { additionalProperties: false },
);

export const ModerationBody = Type.Object(
  {
    moderatorPlayerId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, description: 'Play Games ID of a Play Console account of the game that has signed in here; default PGS_LEADERBOARD_MODERATOR.' }),
    ),
  },
  { additionalProperties: false },
);

export const LeaderboardSchema = Type.Object(
  { id: Type.String(), name: Type.String(), order: OrderSchema, iconUrl: Type.Optional(Type.String()) },
  component('Leaderboard'),
);
export const LeaderboardListSchema = Type.Object({ items: Type.Array(LeaderboardSchema) }, component('LeaderboardList'));

const Pending = Type.Optional(Type.Literal(true, { description: "The player's own score, stored here and not yet on Google's copy." }));

export const BoardEntrySchema = Type.Object(
  {
    playerId: Type.String({ description: 'Play Games player ID.' }),
    displayName: Type.String(),
    rank: Type.Integer({ minimum: 1 }),
    score: Type.Integer(),
    formattedScore: Type.String(),
    scoreTag: Type.Optional(Type.String()),
    avatarImageUrl: Type.Optional(Type.String()),
    pending: Pending,
  },
  component('LeaderboardEntry'),
);
export const BoardPageSchema = Type.Object(
  {
    items: Type.Array(BoardEntrySchema),
    me: Type.Union(
      [
        Type.Object({
          rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Null while the player’s newest score is not ranked by Google yet.' }),
          score: Type.Integer(),
          pending: Pending,
        }),
        Type.Null(),
      ],
      { description: "The player's own standing in this span and collection; null when they have no score." },
    ),
    nextPageToken: Type.Optional(Type.String()),
  },
  component('LeaderboardPage'),
);

export const OwnScoreSchema = Type.Object(
  {
    timeSpan: TimeSpanSchema,
    score: Type.Integer(),
    rank: Type.Optional(Type.Integer({ minimum: 1, description: 'Public rank; absent when the player does not share publicly, or while pending.' })),
    formattedScore: Type.String(),
    scoreTag: Type.Optional(Type.String()),
    pending: Pending,
  },
  component('OwnScore'),
);
export const OwnScoresSchema = Type.Object({ items: Type.Array(OwnScoreSchema) }, component('OwnScores'));

export const SubmitAnswerSchema = Type.Object(
  {
    beatenScoreTimeSpans: Type.Array(TimeSpanSchema, { description: 'The spans where this score is now the player’s best.' }),
    unbeatenScores: Type.Array(Type.Object({ timeSpan: TimeSpanSchema, score: Type.Integer() }), { description: 'The player’s standing bests in the other spans.' }),
  },
  component('ScoreSubmitAnswer'),
);

export const ScoreOutboxQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'How many failed scores to list (newest first); default 100.' })) },
  { additionalProperties: false },
);
export const ScoreOutboxSchema = Type.Object(
  {
    pending: Type.Integer({ description: 'Scores waiting to be sent (backing off, or parked until the player signs in).' }),
    inFlight: Type.Integer(),
    failed: Type.Integer(),
    oldestPendingAgeMs: Type.Integer(),
    failedScores: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          playerId: Type.Union([Type.String(), Type.Null()], { description: "The player's current Play Games ID." }),
          leaderboardId: Type.String(),
          score: Type.Integer(),
          scoreTag: Type.Optional(Type.String()),
          attempts: Type.Integer(),
          error: Type.String({ description: 'Why Google refused it.' }),
          createdAt: Type.Number(),
          failedAt: Type.Number(),
        },
        component('FailedScore'),
      ),
    ),
  },
  component('ScoreOutbox'),
);

export const ModerationAnswerSchema = Type.Object({ playerId: Type.String(), hidden: Type.Boolean() }, component('ModerationAnswer'));

const DEMO_BOARD = 'CgkIlNDIwqcbEAIQCg';
export const LeaderboardListExample = withExample(LeaderboardListSchema, {
  items: [
    { id: DEMO_BOARD, name: 'High Score', order: 'LARGER_IS_BETTER', iconUrl: 'https://example.com/high-score.png' },
    { id: 'CgkIlNDIwqcbEAIQCw', name: 'Fastest Castle Run', order: 'SMALLER_IS_BETTER' },
  ],
});
export const BoardPageExample = withExample(BoardPageSchema, {
  items: [
    { playerId: 'g12345678901234567890', displayName: 'Ada', rank: 1, score: 1200, formattedScore: '1,200 points' },
    { playerId: 'g09876543210987654321', displayName: 'Grace', rank: 2, score: 900, formattedScore: '900 points', scoreTag: 'level-3' },
  ],
  me: { rank: 2, score: 900 },
});
export const OwnScoresExample = withExample(OwnScoresSchema, {
  items: [
    { timeSpan: 'ALL_TIME', score: 1200, rank: 1, formattedScore: '1,200 points' },
    { timeSpan: 'WEEKLY', score: 1200, rank: 1, formattedScore: '1,200 points' },
    { timeSpan: 'DAILY', score: 1500, formattedScore: '1500', pending: true },
  ],
});
export const SubmitAnswerExample = withExample(SubmitAnswerSchema, {
  beatenScoreTimeSpans: ['WEEKLY', 'DAILY'],
  unbeatenScores: [{ timeSpan: 'ALL_TIME', score: 1500 }],
});
export const ModerationAnswerExample = withExample(ModerationAnswerSchema, { playerId: 'g12345678901234567890', hidden: true });
