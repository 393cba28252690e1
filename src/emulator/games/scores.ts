/**
 * Games API `scores` (discovery games-v1.json; https://developer.android.com/games/pgs/leaderboards):
 * - `get`: the caller's bests per board and span (`ALL` for either, not both); a span without a
 *   score is left out (200); ranks only with `includeRankType`;
 * - `list`: a collection (`PUBLIC`, `FRIENDS`, obsolete `SOCIAL`) in one span, best first, with
 *   the caller's own entry as `playerScore`;
 * - `listWindow`: the page around the caller (`resultsAbove` above them), or the top when they
 *   are not on it and `returnTopIfAbsent` (default true);
 * - `submit` / `submitMultiple`: best score only (`score-writes.ts`); `submitMultiple` checks
 *   every item before recording any.
 * Pages: `maxResults` default 25, at most 30 (larger asks get 30, as the old discovery bound).
 * A draft board is a 404 for players who are neither testers nor developers.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  INCLUDE_RANK_TYPES,
  SCORE_COLLECTIONS,
  SCORE_TAG_PATTERN,
  SCORE_TIME_SPANS,
  SCORES_GET_TIME_SPANS,
  type IncludeRankType,
  type LeaderboardScores,
  type PlayerLeaderboardScore,
  type PlayerLeaderboardScoreListResponse,
  type PlayerScoreListResponse,
  type ScoreCollection,
  type ScoreTimeSpan,
  type ScoresGetTimeSpan,
} from '../../google/wire/scores.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, invalidArgumentError, notFoundError } from '../errors.js';
import { currentBest } from '../leaderboard-logic.js';
import { routeConfig, type AuthContext } from '../request-context.js';
import type { EmulatorState, LeaderboardRecord } from '../state.js';
import { type MessageSpec, checkBodyFields } from './json-fields.js';
import { LeaderboardIdParams, leaderboardNotFound } from './leaderboards.js';
import { offsetOfPageToken, pageTokenAt } from './paging.js';
import { rankedCollection } from './score-collections.js';
import { leaderboardEntryResource, playerLeaderboardScoreResource, scoreRankResource, type EntryContext } from './score-resources.js';
import { parseInt64, recordScore } from './score-writes.js';
import { playerResource } from './resources.js';
import { INT32_MAX } from './schemas.js';

export const DEFAULT_SCORES_PAGE_SIZE = 25;
export const MAX_SCORES_PAGE_SIZE = 30;

const Language = Type.Optional(Type.String());
const MaxResults = Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX }));
const PageToken = Type.Optional(Type.String());
const ScoreTag = Type.Optional(Type.String({ pattern: SCORE_TAG_PATTERN }));

const CollectionParams = Type.Object({ ...LeaderboardIdParams.properties, collection: Type.Enum([...SCORE_COLLECTIONS]) });
const ScoresListQuery = Type.Object({ language: Language, maxResults: MaxResults, pageToken: PageToken, timeSpan: Type.Enum([...SCORE_TIME_SPANS]) });
const ScoresWindowQuery = Type.Object({
  ...ScoresListQuery.properties,
  resultsAbove: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
  returnTopIfAbsent: Type.Optional(Type.Boolean()),
});
const GetParams = Type.Object({
  playerId: Type.String({ minLength: 1 }),
  leaderboardId: Type.String({ minLength: 1 }),
  timeSpan: Type.Enum([...SCORES_GET_TIME_SPANS]),
});
const GetQuery = Type.Object({ includeRankType: Type.Optional(Type.Enum([...INCLUDE_RANK_TYPES])), language: Language, maxResults: MaxResults, pageToken: PageToken });
const SubmitQuery = Type.Object({ score: Type.String(), scoreTag: ScoreTag, language: Language });
const SubmitMultipleQuery = Type.Object({ language: Language });
const SubmitMultipleBody = Type.Object({
  kind: Type.Optional(Type.String()),
  scores: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Type.Optional(Type.String()),
        leaderboardId: Type.String({ minLength: 1 }),
        // int64: proto3 JSON takes a decimal string or a number; parseInt64 checks which.
        score: Type.Union([Type.String(), Type.Number()]),
        scoreTag: ScoreTag,
        signature: Type.Optional(Type.String()),
      }),
    ),
  ),
});

/** `PlayerScoreSubmissionList` (both spellings of every field, as json-fields.ts explains). */
const SCORE_SUBMISSION_LIST: MessageSpec = {
  kind: { alias: 'kind' },
  scores: {
    alias: 'scores',
    repeated: true,
    message: {
      kind: { alias: 'kind' },
      leaderboardId: { alias: 'leaderboard_id' },
      score: { alias: 'score' },
      scoreTag: { alias: 'score_tag' },
      signature: { alias: 'signature' },
    },
  },
};

function pageSize(maxResults: number | undefined): number {
  return Math.min(maxResults ?? DEFAULT_SCORES_PAGE_SIZE, MAX_SCORES_PAGE_SIZE);
}

function findBoard(state: EmulatorState, auth: AuthContext, leaderboardId: string): LeaderboardRecord {
  const board = state.visibleLeaderboard(auth.player, auth.application, leaderboardId);
  if (!board) throw leaderboardNotFound(leaderboardId);
  return board;
}

interface CollectionQuery {
  leaderboardId: string;
  collection: ScoreCollection;
  timeSpan: ScoreTimeSpan;
  language?: string;
  maxResults?: number;
  pageToken?: string;
}

/** A page of a collection from `offset` (undefined: an empty page), with the caller's own entry. */
function collectionPage(
  state: EmulatorState,
  auth: AuthContext,
  query: CollectionQuery,
  /** Where a page without a page token starts, from the caller's position; undefined for none. */
  choose: (callerIndex: number, total: number) => number | undefined,
): LeaderboardScores {
  const board = findBoard(state, auth, query.leaderboardId);
  const { entries, callerIndex } = rankedCollection(state, auth.application, board, query.collection, query.timeSpan, auth.player);
  const context: EntryContext = { state, application: auth.application, board, span: query.timeSpan, caller: auth.player, language: query.language };
  const size = pageSize(query.maxResults);
  // Tokens are bound to the board, collection, span and caller; list and listWindow share them.
  const list = `scores:${auth.application.applicationId}:${board.id}:${query.collection}:${query.timeSpan}:${auth.player.key}`;
  const offset = query.pageToken !== undefined && query.pageToken !== ''
    ? offsetOfPageToken(query.pageToken, list, entries.length)
    : choose(callerIndex, entries.length);
  const body: LeaderboardScores = { kind: 'games#leaderboardScores', items: [], numScores: String(entries.length) };
  if (offset !== undefined) {
    body.items = entries.slice(offset, offset + size).map(({ player, entry }, i) => leaderboardEntryResource(context, player, entry, offset + i + 1));
    if (offset + size < entries.length) body.nextPageToken = pageTokenAt(list, offset + size);
    if (offset > 0) body.prevPageToken = pageTokenAt(list, Math.max(0, offset - size));
  }
  const own = currentBest(state.bestsOf(board, auth.player), query.timeSpan, state.clock.now());
  if (own) body.playerScore = leaderboardEntryResource(context, auth.player, own, callerIndex === -1 ? undefined : callerIndex + 1);
  return body;
}

type RankField = 'publicRank' | 'socialRank' | 'friendsRank';

/** Which collections each `includeRankType` ranks in; `ALL` is every supported one (SOCIAL is obsolete). */
const RANKS: Record<IncludeRankType, Array<[ScoreCollection, RankField]>> = {
  ALL: [['PUBLIC', 'publicRank'], ['FRIENDS', 'friendsRank']],
  PUBLIC: [['PUBLIC', 'publicRank']],
  SOCIAL: [['SOCIAL', 'socialRank']],
  FRIENDS: [['FRIENDS', 'friendsRank']],
};

/** The ranks `includeRankType` asks for, on one item of scores.get; none where the caller is off the collection. */
function addRanks(state: EmulatorState, auth: AuthContext, board: LeaderboardRecord, item: PlayerLeaderboardScore, rankType: IncludeRankType | undefined): void {
  for (const [collection, field] of rankType === undefined ? [] : RANKS[rankType]) {
    const { entries, callerIndex } = rankedCollection(state, auth.application, board, collection, item.timeSpan, auth.player);
    if (callerIndex !== -1) item[field] = scoreRankResource(callerIndex + 1, entries.length);
  }
}

/** Registers the scores methods. */
export function registerScoresRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get(
    '/games/v1/players/:playerId/leaderboards/:leaderboardId/scores/:timeSpan',
    { onRequest, schema: { params: GetParams, querystring: GetQuery }, config: routeConfig('games.scores.get', { response: 'PlayerLeaderboardScoreListResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      const { playerId, leaderboardId, timeSpan } = request.params as { playerId: string; leaderboardId: string; timeSpan: ScoresGetTimeSpan };
      const query = request.query as { includeRankType?: IncludeRankType; language?: string; maxResults?: number; pageToken?: string };
      if (playerId !== 'me') {
        const target = state.findPlayer(playerId);
        if (!target) throw notFoundError(`The requested player with ID ${playerId} was not found.`);
        if (target !== auth.player) throw forbiddenError(`The caller may not read the scores of player ${playerId}.`);
      }
      if (leaderboardId === 'ALL' && timeSpan === 'ALL') {
        throw invalidArgumentError('Only one of leaderboardId and timeSpan may be set to ALL.', 'timeSpan');
      }
      const boards = leaderboardId === 'ALL' ? state.visibleLeaderboards(auth.player, auth.application) : [findBoard(state, auth, leaderboardId)];
      const spans = timeSpan === 'ALL' ? SCORE_TIME_SPANS : [timeSpan];
      const now = state.clock.now();
      const items: PlayerLeaderboardScore[] = [];
      for (const board of boards) {
        const bests = state.bestsOf(board, auth.player);
        for (const span of spans) {
          const entry = currentBest(bests, span, now);
          if (!entry) continue;
          const item = playerLeaderboardScoreResource(board, span, entry, query.language);
          addRanks(state, auth, board, item, query.includeRankType);
          items.push(item);
        }
      }
      // Google: with timeSpan ALL, maxResults is ignored (one board, at most three items).
      const size = timeSpan === 'ALL' ? Math.max(items.length, 1) : pageSize(query.maxResults);
      const list = `playerScores:${auth.application.applicationId}:${leaderboardId}:${timeSpan}:${query.includeRankType ?? ''}:${auth.player.key}`;
      const offset = query.pageToken === undefined || query.pageToken === '' ? 0 : offsetOfPageToken(query.pageToken, list, items.length);
      const body: PlayerLeaderboardScoreListResponse = {
        kind: 'games#playerLeaderboardScoreListResponse',
        items: items.slice(offset, offset + size),
        player: playerResource(state, auth.player, true, auth.application),
      };
      if (offset + size < items.length) body.nextPageToken = pageTokenAt(list, offset + size);
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1/leaderboards/:leaderboardId/scores/:collection',
    { onRequest, schema: { params: CollectionParams, querystring: ScoresListQuery }, config: routeConfig('games.scores.list', { response: 'LeaderboardScores' }) },
    (request, reply) => {
      const auth = authOf(request);
      const query = { ...(request.params as object), ...(request.query as object) } as CollectionQuery;
      return reply.send(collectionPage(state, auth, query, () => 0));
    },
  );

  app.get(
    '/games/v1/leaderboards/:leaderboardId/window/:collection',
    { onRequest, schema: { params: CollectionParams, querystring: ScoresWindowQuery }, config: routeConfig('games.scores.listWindow', { response: 'LeaderboardScores' }) },
    (request, reply) => {
      const auth = authOf(request);
      const query = { ...(request.params as object), ...(request.query as object) } as CollectionQuery & { resultsAbove?: number; returnTopIfAbsent?: boolean };
      const size = pageSize(query.maxResults);
      if (query.resultsAbove !== undefined && query.resultsAbove > size) {
        throw invalidArgumentError(`Invalid value at 'results_above' (TYPE_INT32), ${query.resultsAbove}: must not be greater than maxResults (${size})`, 'resultsAbove');
      }
      const above = query.resultsAbove ?? Math.floor(size / 2);
      const body = collectionPage(state, auth, query, (callerIndex, total) => {
        if (callerIndex === -1) return query.returnTopIfAbsent === false ? undefined : 0;
        // The caller with `above` scores above them; fewer at the top of the board, and the page
        // filled from above when the board ends below them.
        return Math.max(0, Math.min(callerIndex - above, total - size));
      });
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/leaderboards/:leaderboardId/scores',
    { onRequest, schema: { params: LeaderboardIdParams, querystring: SubmitQuery }, config: routeConfig('games.scores.submit', { response: 'PlayerScoreResponse' }) },
    (request, reply) => {
      const auth = authOf(request);
      const { score, scoreTag, language } = request.query as { score: string; scoreTag?: string; language?: string };
      const value = parseInt64(score, 'score', 'score');
      const board = findBoard(state, auth, (request.params as { leaderboardId: string }).leaderboardId);
      return reply.send(recordScore(state, auth, board, value, scoreTag === '' ? undefined : scoreTag, language));
    },
  );

  app.post(
    '/games/v1/leaderboards/scores',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, SCORE_SUBMISSION_LIST),
      schema: { querystring: SubmitMultipleQuery, body: SubmitMultipleBody },
      config: routeConfig('games.scores.submitMultiple', { request: 'PlayerScoreSubmissionList', response: 'PlayerScoreListResponse' }),
    },
    (request, reply) => {
      const auth = authOf(request);
      const { language } = request.query as { language?: string };
      const submissions = (request.body as { scores?: Array<{ leaderboardId: string; score: unknown; scoreTag?: string }> }).scores ?? [];
      // Check every item first: a bad one rejects the batch with nothing recorded.
      const planned = submissions.map((submission, index) => ({
        value: parseInt64(submission.score, `scores[${index}].score`, `scores[${index}].score`),
        board: findBoard(state, auth, submission.leaderboardId),
        tag: submission.scoreTag === '' ? undefined : submission.scoreTag,
      }));
      const body: PlayerScoreListResponse = {
        kind: 'games#playerScoreListResponse',
        submittedScores: planned.map(({ value, board, tag }) => recordScore(state, auth, board, value, tag, language)),
      };
      return reply.send(body);
    },
  );
}
