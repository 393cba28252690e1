/**
 * Operators' routes, for the game's own servers and tools (`Authorization: Bearer
 * <PGS_SERVER_API_KEY>`): `GET /v1/admin/achievements/outbox`, `GET /v1/admin/events/outbox`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Store } from '../../store/store.js';
import { requireServerApiKey } from '../http/authenticate.js';
import { errorResponses } from '../http/error-schema.js';
import { eventOutboxView } from './event-outbox-view.js';
import { outboxView } from './outbox-view.js';
import { EventOutboxSchema, OutboxQuery, OutboxSchema } from './schemas.js';

export interface AdminRouteOptions {
  store: Store;
  serverApiKey: string | undefined;
  now: () => number;
}

/** How many failed writes the outbox view lists when the query does not say. */
const DEFAULT_FAILED_WRITES = 100;

export const adminRoutes: FastifyPluginAsyncTypebox<AdminRouteOptions> = async (app, { store, serverApiKey, now }) => {
  app.addHook('preHandler', requireServerApiKey(serverApiKey));

  app.get(
    '/v1/admin/achievements/outbox',
    {
      schema: {
        operationId: 'getAchievementOutbox',
        tags: ['operations'],
        summary: 'Achievement outbox: counts, and the writes Google refused for good',
        security: [{ serverApiKey: [] }],
        querystring: OutboxQuery,
        response: { 200: OutboxSchema, ...errorResponses('SERVER_API_KEY_INVALID') },
      },
    },
    async (request) => outboxView(store, now(), request.query.limit ?? DEFAULT_FAILED_WRITES),
  );

  app.get(
    '/v1/admin/events/outbox',
    {
      schema: {
        operationId: 'getEventOutbox',
        tags: ['operations'],
        summary: 'Event outbox: counts, and the event updates Google refused for good',
        security: [{ serverApiKey: [] }],
        querystring: OutboxQuery,
        response: { 200: EventOutboxSchema, ...errorResponses('SERVER_API_KEY_INVALID') },
      },
    },
    async (request) => eventOutboxView(store, now(), request.query.limit ?? DEFAULT_FAILED_WRITES),
  );
};
