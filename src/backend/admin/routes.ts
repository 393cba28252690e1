/**
 * Operators' routes (`/v1/admin/…`), for the console and for the game's own tools: the server API
 * key as `Authorization: Bearer <PGS_SERVER_API_KEY>`, or a console session cookie (whose writes
 * carry its CSRF token). Players and their grants, sessions, writes and events; the three outboxes
 * (achievement writes, scores, event updates) by status with retry and cancel; the metrics that matter; the audit log every action here is written to.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/store.js';
import { AchievementListSchema } from '../achievements/schemas.js';
import type { AchievementItem } from '../achievements/index.js';
import type { EventItem } from '../events/index.js';
import { requireOperator, type ConsoleSessionCheck } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import type { LeaderboardModule } from '../leaderboards/index.js';
import type { BackendMetrics } from '../metrics.js';
import { metricsView } from './metrics-view.js';
import type { OperatorActions } from './operator-actions.js';
import { eventOutboxView } from './event-outbox-view.js';
import { outboxView } from './outbox-view.js';
import { adminEventWrites, adminScoreWrites } from './outbox-writes.js';
import { adminWrites, playerDetail, playerEvents, searchPlayers } from './player-views.js';
import {
  AdminEventWriteListSchema,
  AdminPlayerDetailSchema,
  AdminPlayerEventsSchema,
  AdminScoreWriteListSchema,
  EventCancelAnswerSchema,
  EventWriteActionSchema,
  ScoreCancelAnswerSchema,
  ScoreWriteActionSchema,
  AdminPlayerParams,
  AdminPlayerScoresSchema,
  AuditLogSchema,
  AuditQuery,
  CancelAnswerSchema,
  EventOutboxSchema,
  MetricsSchema,
  OutboxQuery,
  OutboxSchema,
  PlayerSearchQuery,
  PlayerSearchSchema,
  RevokeAnswerSchema,
  WriteActionSchema,
  WriteListQuery,
  WriteListSchema,
  WriteParams,
} from './schemas.js';

export interface AdminRouteOptions {
  store: Store;
  serverApiKey: string | undefined;
  consoleSessions: ConsoleSessionCheck;
  actions: OperatorActions;
  metrics: BackendMetrics;
  /** Reads a player's achievements from Google with their grant, pending writes included. */
  readAchievements: (playerId: string) => Promise<AchievementItem[]>;
  /** Reads a player's own scores on every leaderboard, pending submissions included. */
  readScores: LeaderboardModule['readPlayerScores'];
  /** Reads a player's events from Google with their grant, updates not confirmed yet added in. */
  readEvents: (playerId: string) => Promise<EventItem[]>;
  now: () => number;
  /** When this instance started (its counters count from then). */
  startedAt: number;
}

/** How many failed writes the outbox view lists when the query does not say. */
const DEFAULT_FAILED_WRITES = 100;
const security: Array<Record<string, string[]>> = [{ serverApiKey: [] }, { consoleSession: [] }];
const tags = ['operations'];
const AUTH_ERRORS = ['SERVER_API_KEY_INVALID'] as const;
const WRITE_ERRORS = ['SERVER_API_KEY_INVALID', 'CSRF_TOKEN_INVALID'] as const;

export const adminRoutes: FastifyPluginAsyncTypebox<AdminRouteOptions> = async (app, options) => {
  const { store, actions, now } = options;
  app.addHook('preHandler', requireOperator(options.serverApiKey, options.consoleSessions));

  app.get(
    '/v1/admin/achievements/outbox',
    {
      schema: {
        operationId: 'getAchievementOutbox',
        tags,
        summary: 'Achievement outbox: counts, and the writes Google refused for good',
        security,
        querystring: OutboxQuery,
        response: { 200: OutboxSchema, ...errorResponses(...AUTH_ERRORS) },
      },
    },
    async (request) => outboxView(store, now(), request.query.limit ?? DEFAULT_FAILED_WRITES),
  );

  app.get(
    '/v1/admin/events/outbox',
    {
      schema: {
        operationId: 'getEventOutbox',
        tags,
        summary: 'Event outbox: counts, and the event updates Google refused for good',
        security,
        querystring: OutboxQuery,
        response: { 200: EventOutboxSchema, ...errorResponses('SERVER_API_KEY_INVALID') },
      },
    },
    async (request) => eventOutboxView(store, now(), request.query.limit ?? DEFAULT_FAILED_WRITES),
  );

  app.get(
    '/v1/admin/players',
    {
      schema: {
        operationId: 'searchPlayers',
        tags,
        summary: 'Players by a part of their name or any of their IDs, with their grant state',
        security,
        querystring: PlayerSearchQuery,
        response: { 200: PlayerSearchSchema, ...errorResponses(...AUTH_ERRORS, 'INVALID_REQUEST') },
      },
    },
    async (request) => ({ items: await searchPlayers(store, request.query.query ?? '', request.query.limit ?? 50) }),
  );

  app.get(
    '/v1/admin/players/:id',
    {
      schema: {
        operationId: 'getAdminPlayer',
        tags,
        summary: 'One player: account, linked identities, grant, sessions and outbox writes',
        security,
        params: AdminPlayerParams,
        response: { 200: AdminPlayerDetailSchema, ...errorResponses(...AUTH_ERRORS, 'PLAYER_NOT_FOUND') },
      },
    },
    async (request) => playerDetail(store, request.params.id),
  );

  app.get(
    '/v1/admin/players/:id/achievements',
    {
      schema: {
        operationId: 'getAdminPlayerAchievements',
        tags,
        summary: "The player's achievements, read from Google with their grant (pending writes included)",
        security,
        params: AdminPlayerParams,
        response: { 200: AchievementListSchema, ...errorResponses(...AUTH_ERRORS, 'PLAYER_NOT_FOUND', 'REAUTH_REQUIRED', 'GOOGLE_UNAVAILABLE') },
      },
    },
    async (request) => ({ items: await options.readAchievements(request.params.id) }),
  );

  app.get(
    '/v1/admin/players/:id/scores',
    {
      schema: {
        operationId: 'getAdminPlayerScores',
        tags,
        summary: "The player's own scores on every leaderboard, read from Google with their grant (pending submissions included)",
        security,
        params: AdminPlayerParams,
        response: { 200: AdminPlayerScoresSchema, ...errorResponses(...AUTH_ERRORS, 'PLAYER_NOT_FOUND', 'REAUTH_REQUIRED', 'GOOGLE_UNAVAILABLE') },
      },
    },
    async (request) => ({ items: await options.readScores(request.params.id) }),
  );

  app.get(
    '/v1/admin/players/:id/events',
    {
      schema: {
        operationId: 'getAdminPlayerEvents',
        tags,
        summary: "The player's event counts, read from Google with their grant (updates not confirmed yet included), and their event updates in the outbox",
        security,
        params: AdminPlayerParams,
        response: { 200: AdminPlayerEventsSchema, ...errorResponses(...AUTH_ERRORS, 'PLAYER_NOT_FOUND', 'REAUTH_REQUIRED', 'GOOGLE_UNAVAILABLE') },
      },
    },
    async (request) => playerEvents(store, options.readEvents, request.params.id),
  );

  app.post(
    '/v1/admin/players/:id/revoke',
    {
      schema: {
        operationId: 'revokePlayer',
        tags,
        summary: "Revokes the player's sessions and their Google grant (audited)",
        description: 'Every session ends at once; the Google tokens are revoked at Google and the grant is marked revoked, so the next sign-in asks for consent again.',
        security,
        params: AdminPlayerParams,
        response: { 200: RevokeAnswerSchema, ...errorResponses(...WRITE_ERRORS, 'PLAYER_NOT_FOUND') },
      },
    },
    async (request) => actions.revokePlayer(request, request.params.id),
  );

  app.get(
    '/v1/admin/outbox/writes',
    {
      schema: {
        operationId: 'listOutboxWrites',
        tags,
        summary: 'Outbox writes of one status (pending, in flight, failed), with the reason of their last failure',
        security,
        querystring: WriteListQuery,
        response: { 200: WriteListSchema, ...errorResponses(...AUTH_ERRORS, 'INVALID_REQUEST') },
      },
    },
    async (request) => {
      const [counts, writes] = await Promise.all([store.outboxStats(now()), store.listWrites({ status: request.query.status, limit: request.query.limit ?? 100 })]);
      return { counts, items: await adminWrites(store, writes) };
    },
  );

  app.post(
    '/v1/admin/outbox/writes/:writeId/retry',
    {
      schema: {
        operationId: 'retryOutboxWrite',
        tags,
        summary: 'Sends a failed write again: back to pending, due now (audited)',
        security,
        params: WriteParams,
        response: { 200: WriteActionSchema, ...errorResponses(...WRITE_ERRORS, 'WRITE_NOT_FOUND', 'WRITE_NOT_RETRYABLE') },
      },
    },
    async (request) => ({ write: await actions.retryWrite(request, request.params.writeId) }),
  );

  app.post(
    '/v1/admin/outbox/writes/:writeId/cancel',
    {
      schema: {
        operationId: 'cancelOutboxWrite',
        tags,
        summary: 'Removes a pending or failed write, never to be sent (audited)',
        security,
        params: WriteParams,
        response: { 200: CancelAnswerSchema, ...errorResponses(...WRITE_ERRORS, 'WRITE_NOT_FOUND', 'WRITE_NOT_CANCELLABLE') },
      },
    },
    async (request) => ({ cancelled: await actions.cancelWrite(request, request.params.writeId) }),
  );

  app.get(
    '/v1/admin/outbox/scores',
    {
      schema: {
        operationId: 'listOutboxScoreWrites',
        tags,
        summary: 'Scores in the outbox of one status (pending, in flight, failed), with the reason of their last failure',
        security,
        querystring: WriteListQuery,
        response: { 200: AdminScoreWriteListSchema, ...errorResponses(...AUTH_ERRORS, 'INVALID_REQUEST') },
      },
    },
    async (request) => {
      const [counts, writes] = await Promise.all([store.scoreOutboxStats(now()), store.listScoreWrites({ status: request.query.status, limit: request.query.limit ?? 100 })]);
      return { counts, items: await adminScoreWrites(store, writes) };
    },
  );

  app.post(
    '/v1/admin/outbox/scores/:writeId/retry',
    {
      schema: {
        operationId: 'retryOutboxScoreWrite',
        tags,
        summary: 'Sends a failed score again: back to pending, due now (audited)',
        security,
        params: WriteParams,
        response: { 200: ScoreWriteActionSchema, ...errorResponses(...WRITE_ERRORS, 'WRITE_NOT_FOUND', 'WRITE_NOT_RETRYABLE') },
      },
    },
    async (request) => ({ write: await actions.retryScoreWrite(request, request.params.writeId) }),
  );

  app.post(
    '/v1/admin/outbox/scores/:writeId/cancel',
    {
      schema: {
        operationId: 'cancelOutboxScoreWrite',
        tags,
        summary: 'Removes a pending or failed score, never to be sent (audited)',
        security,
        params: WriteParams,
        response: { 200: ScoreCancelAnswerSchema, ...errorResponses(...WRITE_ERRORS, 'WRITE_NOT_FOUND', 'WRITE_NOT_CANCELLABLE') },
      },
    },
    async (request) => ({ cancelled: await actions.cancelScoreWrite(request, request.params.writeId) }),
  );

  app.get(
    '/v1/admin/outbox/events',
    {
      schema: {
        operationId: 'listOutboxEventWrites',
        tags,
        summary: 'Event updates in the outbox of one status (pending, in flight, failed), with the reason of their last failure',
        security,
        querystring: WriteListQuery,
        response: { 200: AdminEventWriteListSchema, ...errorResponses(...AUTH_ERRORS, 'INVALID_REQUEST') },
      },
    },
    async (request) => {
      const [counts, writes] = await Promise.all([store.eventOutboxStats(now()), store.listEventWrites({ status: request.query.status, limit: request.query.limit ?? 100 })]);
      return { counts, items: await adminEventWrites(store, writes) };
    },
  );

  app.post(
    '/v1/admin/outbox/events/:writeId/retry',
    {
      schema: {
        operationId: 'retryOutboxEventWrite',
        tags,
        summary: 'Sends a failed event update again, in a new batch: back to pending, due now (audited)',
        security,
        params: WriteParams,
        response: { 200: EventWriteActionSchema, ...errorResponses(...WRITE_ERRORS, 'WRITE_NOT_FOUND', 'WRITE_NOT_RETRYABLE') },
      },
    },
    async (request) => ({ write: await actions.retryEventWrite(request, request.params.writeId) }),
  );

  app.post(
    '/v1/admin/outbox/events/:writeId/cancel',
    {
      schema: {
        operationId: 'cancelOutboxEventWrite',
        tags,
        summary: 'Removes a failed event update, or a pending one not sent yet, never to be sent (audited)',
        description: 'A pending update of a batch whose answer was lost (`batched`) is refused with WRITE_NOT_CANCELLABLE: Google may have counted it, and the batch is resent as it was.',
        security,
        params: WriteParams,
        response: { 200: EventCancelAnswerSchema, ...errorResponses(...WRITE_ERRORS, 'WRITE_NOT_FOUND', 'WRITE_NOT_CANCELLABLE') },
      },
    },
    async (request) => ({ cancelled: await actions.cancelEventWrite(request, request.params.writeId) }),
  );

  app.get(
    '/v1/admin/metrics',
    {
      schema: {
        operationId: 'getAdminMetrics',
        tags,
        summary: "Sign-ins, Google calls (errors, latency) and the outbox's depth, as JSON",
        security,
        response: { 200: MetricsSchema, ...errorResponses(...AUTH_ERRORS) },
      },
    },
    async () => metricsView(options.metrics, store, now(), options.startedAt),
  );

  app.get(
    '/v1/admin/audit-log',
    {
      schema: {
        operationId: 'getAuditLog',
        tags,
        summary: 'Every operator action, newest first',
        security,
        querystring: AuditQuery,
        response: { 200: AuditLogSchema, ...errorResponses(...AUTH_ERRORS, 'INVALID_REQUEST') },
      },
    },
    async (request) => {
      const { limit, before, target } = request.query;
      return { items: await store.listAuditEntries({ limit: limit ?? 100, ...(before === undefined ? {} : { before }), ...(target === undefined ? {} : { target }) }) };
    },
  );

  // Every admin answer is about someone: never cached by a browser or a proxy.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
};
