/**
 * The event routes (docs/API.md, 'Events'), for game clients with a session:
 * - `GET /v1/me/events`: every event of the game with the player's count, updates not yet
 *   confirmed by Google included;
 * - `POST /v1/me/events` `{ updates: [{ eventId, count }] }`: durable, counted once
 *   (`write-service.ts`); `Idempotency-Key` makes a client's own retry safe too.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PendingSchema } from '../achievements/schemas.js';
import type { ErrorCode } from '../errors.js';
import { requireSession, sessionOf } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import type { SessionService } from '../sessions/session-service.js';
import type { EventReader } from './event-reader.js';
import { EventListExample, EventUpdatesBody, EventsIdempotencyHeaders, EventsLanguageQuery, EventsRecordedExample } from './schemas.js';
import type { EventWriteAnswer, EventWriteService } from './write-service.js';

export interface EventRouteDeps {
  sessions: SessionService;
  reader: EventReader;
  writes: EventWriteService;
}

const AUTH_ERRORS: readonly ErrorCode[] = ['UNAUTHENTICATED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'PLAYER_NOT_FOUND'];
const READ_ERRORS: readonly ErrorCode[] = ['INVALID_REQUEST', 'REAUTH_REQUIRED', 'GOOGLE_UNAVAILABLE', 'GOOGLE_MISCONFIGURED'];
const WRITE_ERRORS: readonly ErrorCode[] = [
  'INVALID_REQUEST',
  'INVALID_EVENT_COUNT',
  'EVENT_NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED',
  'REAUTH_REQUIRED',
  'GOOGLE_UNAVAILABLE',
  'GOOGLE_MISCONFIGURED',
];

/** The event routes, as one plugin. */
export function eventRoutes(deps: EventRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', requireSession(deps.sessions));
    const security = [{ session: [] }];

    app.get(
      '/v1/me/events',
      {
        schema: {
          operationId: 'listMyEvents',
          tags: ['events'],
          summary: "Every event of the game with the signed-in player's count",
          description:
            "Counts include the player's updates not yet confirmed by Google (`pendingCount`). A HIDDEN event is listed once the player has counted it.",
          security,
          querystring: EventsLanguageQuery,
          response: { 200: EventListExample, ...errorResponses(...READ_ERRORS, ...AUTH_ERRORS) },
        },
      },
      async (request) => ({ items: await deps.reader.list(sessionOf(request).playerId, request.query.language) }),
    );

    app.post(
      '/v1/me/events',
      {
        schema: {
          operationId: 'recordMyEvents',
          tags: ['events'],
          summary: 'Count events for the signed-in player (1–50 updates), durably and exactly once',
          description:
            'Every event is checked before anything is stored. 200 when Google recorded the updates at once, with the counts after them; 202 when they are stored and will reach Google.',
          security,
          headers: EventsIdempotencyHeaders,
          body: EventUpdatesBody,
          response: { 200: EventsRecordedExample, 202: PendingSchema, ...errorResponses(...WRITE_ERRORS, ...AUTH_ERRORS) },
        },
      },
      async (request, reply) => {
        const answer = await deps.writes.submit(sessionOf(request).playerId, request.body.updates, idempotencyKeyOf(request));
        return sendAnswer(reply, answer);
      },
    );
  };
}

function sendAnswer(reply: FastifyReply, answer: EventWriteAnswer): FastifyReply {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(answer.statusCode).send(answer.body);
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  return typeof value === 'string' ? value : undefined;
}
