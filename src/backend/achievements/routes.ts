/**
 * Every achievement HTTP route (docs/API.md, 'Achievements'):
 * - game clients, with a session: `/v1/me/achievements…`;
 * - the game's own servers, with the server API key: `/v1/players/{playerId}/achievements…`,
 *   where `playerId` is any Play Games player ID the store has seen for the player;
 * Fastify writes a literal colon as `::` (`/v1/me/achievements::batch`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AchievementUpdateType } from '../../google/wire/achievements.js';
import type { Store } from '../../store/store.js';
import { ApiError, type ErrorCode } from '../errors.js';
import { requireServerApiKey, requireSession, sessionOf } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import { playLanguage } from '../http/play-language.js';
import type { SessionService } from '../sessions/session-service.js';
import type { AchievementReader } from './achievement-reader.js';
import type { ResetService } from './reset-service.js';
import {
  AchievementListExample,
  AchievementParams,
  BatchBody,
  BatchExample,
  IdempotencyHeaders,
  LanguageQuery,
  PendingSchema,
  PlayerAchievementParams,
  PlayerParams,
  ResetAllExample,
  ResetExample,
  RevealExample,
  StepsBody,
  StepsExample,
  UnlockExample,
} from './schemas.js';
import type { Caller } from './validation.js';
import type { WriteAnswer, WriteService } from './write-service.js';

export interface AchievementRouteDeps {
  store: Store;
  sessions: SessionService;
  serverApiKey: string | undefined;
  applicationId: string;
  reader: AchievementReader;
  writes: WriteService;
  resets: ResetService;
}

type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** Whose achievements a route acts on, as its operation IDs say it: `unlockMyAchievement`, `unlockPlayerAchievement`. */
type Owner = 'My' | 'Player';

const SINGLE_WRITES = [
  { path: 'unlock', op: 'UNLOCK', steps: false, answer: UnlockExample, summary: 'Unlock an achievement', operationId: (owner: Owner) => `unlock${owner}Achievement` },
  {
    path: 'increment',
    op: 'INCREMENT',
    steps: true,
    answer: StepsExample,
    summary: 'Add steps to an incremental achievement',
    operationId: (owner: Owner) => `increment${owner}Achievement`,
  },
  { path: 'reveal', op: 'REVEAL', steps: false, answer: RevealExample, summary: 'Reveal a hidden achievement', operationId: (owner: Owner) => `reveal${owner}Achievement` },
  {
    path: 'set-steps-at-least',
    op: 'SET_STEPS_AT_LEAST',
    steps: true,
    answer: StepsExample,
    summary: 'Raise the steps of an incremental achievement (never lowers them)',
    operationId: (owner: Owner) => `set${owner}AchievementStepsAtLeast`,
  },
] as const satisfies ReadonlyArray<{
  path: string;
  op: AchievementUpdateType;
  steps: boolean;
  answer: unknown;
  summary: string;
  operationId: (owner: Owner) => string;
}>;

// Code lists, not response records: a route's codes go through one `errorResponses` call, which
// groups them by status (spreading two records would let one 401 description hide another).
const WRITE_ERRORS: readonly ErrorCode[] = [
  'INVALID_REQUEST',
  'INVALID_STEPS',
  'ACHIEVEMENT_NOT_INCREMENTAL',
  'ACHIEVEMENT_WRITE_REJECTED',
  'REAUTH_REQUIRED',
  'CLIENT_WRITES_FORBIDDEN',
  'ACHIEVEMENT_NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED',
  'GOOGLE_UNAVAILABLE',
  'GOOGLE_MISCONFIGURED',
];
const READ_ERRORS: readonly ErrorCode[] = ['INVALID_REQUEST', 'REAUTH_REQUIRED', 'PLAYER_NOT_FOUND', 'GOOGLE_UNAVAILABLE', 'GOOGLE_MISCONFIGURED'];
const RESET_ERRORS: readonly ErrorCode[] = [
  'REAUTH_REQUIRED',
  'NOT_A_TESTER',
  'GRANT_SCOPE_INSUFFICIENT',
  'ACHIEVEMENT_NOT_FOUND',
  'GOOGLE_UNAVAILABLE',
  'GOOGLE_MISCONFIGURED',
];

/** Which player a request acts for, and as whom. */
interface Actor {
  playerId: string;
  caller: Caller;
}

/** The achievement routes, as one plugin. */
export function achievementRoutes(deps: AchievementRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(async (me) => {
      me.addHook('preHandler', requireSession(deps.sessions));
      registerPlayerRoutes(me, deps, {
        prefix: '/v1/me/achievements',
        tag: 'achievements',
        security: 'session',
        owner: 'My',
        actor: async (request) => ({ playerId: sessionOf(request).playerId, caller: 'client' }),
        who: 'the signed-in player',
      });
    });

    await app.register(async (server) => {
      server.addHook('preHandler', requireServerApiKey(deps.serverApiKey));
      registerPlayerRoutes(server, deps, {
        prefix: '/v1/players/:playerId/achievements',
        tag: 'achievements (game server)',
        security: 'serverApiKey',
        owner: 'Player',
        actor: async (request) => ({ playerId: await resolvePlayer(deps, (request.params as { playerId: string }).playerId), caller: 'server' }),
        who: 'the player (for the game server)',
      });
    });
  };
}

interface PlayerRouteOptions {
  prefix: string;
  tag: string;
  security: 'session' | 'serverApiKey';
  owner: Owner;
  actor: (request: FastifyRequest) => Promise<Actor>;
  who: string;
}

/** The read, write, batch and reset routes under one prefix. */
function registerPlayerRoutes(app: App, deps: AchievementRouteDeps, options: PlayerRouteOptions): void {
  const { prefix, tag, owner, actor, who } = options;
  const security = [{ [options.security]: [] }];
  const serverSide = options.security === 'serverApiKey';
  const params = serverSide ? PlayerParams : undefined;
  const itemParams = serverSide ? PlayerAchievementParams : AchievementParams;
  const authErrors: readonly ErrorCode[] = serverSide
    ? ['SERVER_API_KEY_INVALID', 'PLAYER_NOT_FOUND']
    : ['UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND'];

  app.get(
    prefix,
    {
      schema: {
        operationId: `list${owner}Achievements`,
        tags: [tag],
        summary: `Every achievement of the game with the state of ${who}`,
        description:
          "Definitions merged with the player's state and their own writes not yet confirmed by Google. HIDDEN achievements carry no name or description.",
        security,
        ...(params ? { params } : {}),
        querystring: LanguageQuery,
        response: { 200: AchievementListExample, ...errorResponses(...READ_ERRORS, ...authErrors) },
      },
    },
    async (request) => {
      const language = playLanguage(request.query.language);
      const { playerId } = await actor(request);
      return { items: await deps.reader.list(playerId, language) };
    },
  );

  for (const write of SINGLE_WRITES) {
    app.post(
      `${prefix}/:achievementId/${write.path}`,
      {
        schema: {
          operationId: write.operationId(owner),
          tags: [tag],
          summary: write.summary,
          security,
          params: itemParams,
          headers: IdempotencyHeaders,
          ...(write.steps ? { body: StepsBody } : {}),
          response: { 200: write.answer, 202: PendingSchema, ...errorResponses(...WRITE_ERRORS, ...authErrors) },
        },
      },
      async (request, reply) => {
        if (!write.steps) refuseBody(request);
        const who = await actor(request);
        const { achievementId } = request.params;
        const steps = write.steps ? (request.body as { steps: number }).steps : undefined;
        const answer = await deps.writes.submit({
          ...who,
          updates: [{ achievementId, type: write.op, ...(steps === undefined ? {} : { steps }) }],
          batch: false,
          idempotencyKey: idempotencyKeyOf(request),
        });
        return sendAnswer(reply, answer);
      },
    );
  }

  app.post(
    `${prefix}::batch`,
    {
      schema: {
        operationId: `batchUpdate${owner}Achievements`,
        tags: [tag],
        summary: 'Several writes at once (1–50), validated together before any is stored',
        security,
        ...(params ? { params } : {}),
        headers: IdempotencyHeaders,
        body: BatchBody,
        response: { 200: BatchExample, 202: PendingSchema, ...errorResponses(...WRITE_ERRORS, ...authErrors) },
      },
    },
    async (request, reply) => {
      const who = await actor(request);
      const { updates } = request.body;
      const answer = await deps.writes.submit({ ...who, updates, batch: true, idempotencyKey: idempotencyKeyOf(request) });
      return sendAnswer(reply, answer);
    },
  );

  app.post(
    `${prefix}/:achievementId/reset`,
    {
      schema: {
        operationId: `reset${owner}Achievement`,
        tags: [tag],
        summary: 'Reset one achievement of a tester account (Games Management API)',
        security,
        params: itemParams,
        response: { 200: ResetExample, ...errorResponses(...RESET_ERRORS, ...authErrors) },
      },
    },
    async (request) => {
      refuseBody(request);
      const { playerId } = await actor(request);
      return deps.resets.reset(playerId, (request.params).achievementId);
    },
  );

  app.post(
    `${prefix}::reset`,
    {
      schema: {
        operationId: `resetAll${owner}Achievements`,
        tags: [tag],
        summary: 'Reset every achievement of a tester account (Games Management API)',
        security,
        ...(params ? { params } : {}),
        response: { 200: ResetAllExample, ...errorResponses(...RESET_ERRORS, ...authErrors) },
      },
    },
    async (request) => {
      refuseBody(request);
      const { playerId } = await actor(request);
      return { results: await deps.resets.resetAll(playerId) };
    },
  );
}

async function resolvePlayer(deps: AchievementRouteDeps, anyPlayerId: string): Promise<string> {
  const player = await deps.store.findPlayerByPlayerId(deps.applicationId, anyPlayerId);
  if (!player) {
    throw new ApiError('PLAYER_NOT_FOUND', { message: `No player with Play Games ID ${anyPlayerId} has signed in to this server.` });
  }
  return player.id;
}

/**
 * Routes that take no body accept none, an empty one, or `{}` (game HTTP clients send all three);
 * anything else is refused like an unknown field would be.
 */
function refuseBody(request: FastifyRequest): void {
  const body: unknown = request.body;
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  throw new ApiError('INVALID_REQUEST', { message: 'This endpoint takes no body; send none, or {}.' });
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  return typeof value === 'string' ? value : undefined;
}

function sendAnswer(reply: FastifyReply, answer: WriteAnswer): FastifyReply {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(answer.statusCode).send(answer.body);
}
