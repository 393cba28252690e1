/**
 * `GET /emulator/v1/requests[?operation=&playerId=]` → `{ requests: [...] }`, newest last,
 * secrets redacted, each naming the player it acted for when there is one; `DELETE /emulator/v1/requests` → 204. Control calls are never logged.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

// Strict: a misspelt filter must not silently list every request.
const ListQuery = Type.Object(
  { operation: Type.Optional(Type.String({ minLength: 1 })), playerId: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);

/** Registers the request-log calls. */
export function registerControlRequestsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/emulator/v1/requests', { schema: { querystring: ListQuery }, config: routeConfig('control.requests.list') }, (request, reply) => {
    const { operation, playerId } = request.query as { operation?: string; playerId?: string };
    return reply.send({ requests: state.requestLog.list({ operation, playerId }) });
  });

  app.delete('/emulator/v1/requests', { config: routeConfig('control.requests.clear') }, (_request, reply) => {
    state.requestLog.clear();
    return reply.code(204).send();
  });
}
