/**
 * Every leaderboard HTTP route (docs/API.md, 'Leaderboards'):
 * - game clients, with a session: `/v1/leaderboards…` (reads) and `/v1/me/leaderboards/{id}/scores`;
 * - the game's own servers, with the server API key: `POST /v1/players/{playerId}/leaderboards/{id}/scores`,
 *   where `playerId` is any Play Games player ID the store has seen for the player;
 * - operators, with the server API key: `POST /v1/admin/players/{playerId}/leaderboards:hide|:unhide`.
 * Fastify writes a literal colon as `::`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/store.js';
import { PendingSchema } from '../achievements/schemas.js';
import { ApiError, type ErrorCode } from '../errors.js';
import { requireServerApiKey, requireSession, sessionOf } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { SessionService } from '../sessions/session-service.js';
import type { LeaderboardCatalog } from './leaderboard-catalog.js';
import type { ModerationService } from './moderation-service.js';
import {
  BoardPageExample,
  LeaderboardListExample,
  LeaderboardParams,
  ModeratedPlayerParams,
  ModerationAnswerExample,
  ModerationBody,
  OwnScoresExample,
  PlayerLeaderboardParams,
  ScoresQuery,
  SubmitAnswerExample,
  SubmitBody,
} from './schemas.js';
import type { ScoreReader } from './score-reader.js';
import type { SubmitService } from './submit-service.js';

export interface LeaderboardRouteDeps {
  store: Store;
  sessions: SessionService;
  serverApiKey: string | undefined;
  applicationId: string;
  catalog: LeaderboardCatalog;
  reader: ScoreReader;
  submits: SubmitService;
  moderation: ModerationService;
}

type App = Parameters<FastifyPluginAsyncTypebox>[0];

const SESSION_ERRORS: readonly ErrorCode[] = ['UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND'];
const SERVER_ERRORS: readonly ErrorCode[] = ['SERVER_API_KEY_INVALID', 'PLAYER_NOT_FOUND'];
const GOOGLE_ERRORS: readonly ErrorCode[] = ['REAUTH_REQUIRED', 'GOOGLE_UNAVAILABLE', 'GOOGLE_MISCONFIGURED'];
const READ_ERRORS: readonly ErrorCode[] = ['INVALID_REQUEST', 'LEADERBOARD_NOT_FOUND', ...GOOGLE_ERRORS];
const SUBMIT_ERRORS: readonly ErrorCode[] = ['INVALID_REQUEST', 'INVALID_SCORE', 'SCORE_REJECTED', 'SCORE_WRITE_REJECTED', 'LEADERBOARD_NOT_FOUND', ...GOOGLE_ERRORS];
const MODERATION_ERRORS: readonly ErrorCode[] = ['INVALID_REQUEST', 'MODERATOR_REQUIRED', 'NOT_A_DEVELOPER', ...GOOGLE_ERRORS];

const SUBMIT_DESCRIPTION =
  'Stored before it is sent: 200 with Google’s answer, or 202 { pending: true } when Google is unavailable (it is sent later, never lost). ' +
  'Google keeps only the best score per span. The game’s score policy (PGS_SCORE_POLICY) may refuse it: 400 SCORE_REJECTED naming the rule, and nothing reaches Google.';

/** The leaderboard routes, as one plugin. */
export function leaderboardRoutes(deps: LeaderboardRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(async (me: App) => {
      me.addHook('preHandler', requireSession(deps.sessions));
      const security = [{ session: [] }];

      me.get(
        '/v1/leaderboards',
        {
          schema: {
            operationId: 'listLeaderboards',
            tags: ['leaderboards'],
            summary: 'Every leaderboard of the game',
            security,
            response: { 200: LeaderboardListExample, ...errorResponses(...GOOGLE_ERRORS, ...SESSION_ERRORS) },
          },
        },
        async (request) => {
          const { playerId } = sessionOf(request);
          let boards;
          try {
            boards = await deps.catalog.list(playerId);
          } catch (error) {
            throw apiErrorForGoogle(error);
          }
          return { items: boards.map((b) => ({ id: b.id, name: b.name, order: b.order, ...(b.iconUrl ? { iconUrl: b.iconUrl } : {}) })) };
        },
      );

      me.get(
        '/v1/leaderboards/:leaderboardId/scores',
        {
          schema: {
            operationId: 'listLeaderboardScores',
            tags: ['leaderboards'],
            summary: 'A page of a leaderboard, and the player’s own standing',
            description:
              'The top page of PUBLIC is cached per process for PGS_LEADERBOARD_CACHE_TTL_SECONDS and shared by every player; the player’s own scores not yet on it are laid over it (pending: true).',
            security,
            params: LeaderboardParams,
            querystring: ScoresQuery,
            response: { 200: BoardPageExample, ...errorResponses(...READ_ERRORS, ...SESSION_ERRORS) },
          },
        },
        async (request) => {
          const { playerId } = sessionOf(request);
          const query = request.query;
          return deps.reader.page(playerId, request.params.leaderboardId, {
            timeSpan: query.timeSpan ?? 'ALL_TIME',
            collection: query.collection ?? 'PUBLIC',
            around: query.around === 'me',
            limit: query.limit ?? 25,
            pageToken: query.pageToken,
          });
        },
      );

      me.get(
        '/v1/me/leaderboards/:leaderboardId/scores',
        {
          schema: {
            operationId: 'listMyScores',
            tags: ['leaderboards'],
            summary: 'The player’s own scores on a leaderboard, per span, pending ones included',
            security,
            params: LeaderboardParams,
            response: { 200: OwnScoresExample, ...errorResponses(...READ_ERRORS, ...SESSION_ERRORS) },
          },
        },
        async (request) => ({ items: await deps.reader.own(sessionOf(request).playerId, request.params.leaderboardId) }),
      );

      me.post(
        '/v1/me/leaderboards/:leaderboardId/scores',
        {
          schema: {
            operationId: 'submitMyScore',
            tags: ['leaderboards'],
            summary: 'Submit a score for the signed-in player',
            description: SUBMIT_DESCRIPTION,
            security,
            params: LeaderboardParams,
            body: SubmitBody,
            response: { 200: SubmitAnswerExample, 202: PendingSchema, ...errorResponses(...SUBMIT_ERRORS, ...SESSION_ERRORS) },
          },
        },
        async (request, reply) => {
          const answer = await deps.submits.submit({
            playerId: sessionOf(request).playerId,
            leaderboardId: request.params.leaderboardId,
            score: request.body.score,
            scoreTag: request.body.scoreTag,
            caller: 'client',
          });
          return reply.code(answer.statusCode).send(answer.body);
        },
      );
    });

    await app.register(async (server: App) => {
      server.addHook('preHandler', requireServerApiKey(deps.serverApiKey));
      const security = [{ serverApiKey: [] }];

      server.post(
        '/v1/players/:playerId/leaderboards/:leaderboardId/scores',
        {
          schema: {
            operationId: 'submitPlayerScore',
            tags: ['leaderboards (game server)'],
            summary: 'Submit a score for a player (for the game server)',
            description: `${SUBMIT_DESCRIPTION} Boards with clientSubmissions: false take scores only here.`,
            security,
            params: PlayerLeaderboardParams,
            body: SubmitBody,
            response: { 200: SubmitAnswerExample, 202: PendingSchema, ...errorResponses(...SUBMIT_ERRORS, ...SERVER_ERRORS) },
          },
        },
        async (request, reply) => {
          const answer = await deps.submits.submit({
            playerId: await resolvePlayer(deps, request.params.playerId),
            leaderboardId: request.params.leaderboardId,
            score: request.body.score,
            scoreTag: request.body.scoreTag,
            caller: 'server',
          });
          return reply.code(answer.statusCode).send(answer.body);
        },
      );

      for (const [verb, hide] of [['hide', true], ['unhide', false]] as const) {
        server.post(
          `/v1/admin/players/:playerId/leaderboards::${verb}`,
          {
            schema: {
              operationId: hide ? 'hidePlayerFromLeaderboards' : 'unhidePlayerFromLeaderboards',
              tags: ['leaderboards (game server)'],
              summary: hide ? 'Hide a player from every leaderboard of the game (Google’s players.hide)' : 'Show a hidden player again (Google’s players.unhide)',
              description:
                'Called with the grant of a Play Console account of the game that has signed in to this server (moderatorPlayerId, or PGS_LEADERBOARD_MODERATOR). Google keeps the scores; it may take a day to show an unhide.',
              security,
              params: ModeratedPlayerParams,
              body: ModerationBody,
              response: { 200: ModerationAnswerExample, ...errorResponses(...MODERATION_ERRORS, 'SERVER_API_KEY_INVALID') },
            },
          },
          async (request) => {
            const moderator = request.body?.moderatorPlayerId;
            return hide ? deps.moderation.hide(request.params.playerId, moderator) : deps.moderation.unhide(request.params.playerId, moderator);
          },
        );
      }
    });
  };
}

async function resolvePlayer(deps: LeaderboardRouteDeps, anyPlayerId: string): Promise<string> {
  const player = await deps.store.findPlayerByPlayerId(deps.applicationId, anyPlayerId);
  if (!player) throw new ApiError('PLAYER_NOT_FOUND', { message: `No player with Play Games ID ${anyPlayerId} has signed in to this server.` });
  return player.id;
}
