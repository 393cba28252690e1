/**
 * Games Management API events (discovery gamesManagement-v1management.json), with the rules of
 * the achievement and score resets (`achievements.ts`, `scores.ts` here):
 * - `reset` / `resetAll`: the caller's own counts, tester accounts only (else 403 `forbidden`),
 *   published events too;
 * - `resetForAllPlayers` / `resetAllForAllPlayers` / `resetMultipleForAllPlayers`: developer
 *   (console) accounts only (403 `forbidden`), draft events only (a published one gets 400
 *   `invalid` FAILED_PRECONDITION; `resetAll…` resets just the drafts). The batch variant checks
 *   every ID before resetting anything.
 * Every one answers 204: Google's discovery gives these methods no response body.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MANAGEMENT_SERVICE, authHook, authOf } from '../auth.js';
import { failedPreconditionError, forbiddenError, notFoundError } from '../errors.js';
import { type MessageSpec, checkBodyFields } from '../games/json-fields.js';
import { routeConfig, type AuthContext } from '../request-context.js';
import type { EmulatorState, EventRecord } from '../state.js';

/** `EventsResetMultipleForAllRequest`: its JSON name is `event_ids`. */
const RESET_MULTIPLE_REQUEST: MessageSpec = { kind: { alias: 'kind' }, event_ids: { alias: 'eventIds' } };

const EventIdParams = Type.Object({ eventId: Type.String({ minLength: 1 }) });
const ResetMultipleBody = Type.Object({ kind: Type.Optional(Type.String()), event_ids: Type.Array(Type.String({ minLength: 1 })) });

function requireTester(auth: AuthContext): void {
  if (!auth.player.tester) {
    throw forbiddenError(`Player ${auth.player.playerId} is not a tester of application ${auth.application.applicationId}; only tester accounts can reset their events.`);
  }
}

function requireDeveloper(auth: AuthContext): void {
  if (!auth.player.developer) throw forbiddenError('Only developer console accounts can reset events for all players.');
}

/** Any event of the game, drafts too (testers and developers see them). */
function findEvent(auth: AuthContext, eventId: string): EventRecord {
  const event = auth.application.eventsById.get(eventId);
  if (!event) throw notFoundError(`The requested event with ID ${eventId} was not found.`);
  return event;
}

function requireDraft(event: EventRecord): void {
  if (event.published) throw failedPreconditionError(`The event with ID ${event.config.id} is published; only draft events can be reset for all players.`);
}

/** Registers the management events methods. */
export function registerManagementEventsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, MANAGEMENT_SERVICE);

  app.post(
    '/games/v1management/events/:eventId/reset',
    { onRequest, schema: { params: EventIdParams }, config: routeConfig('management.events.reset', { noContent: true }) },
    (request, reply) => {
      const auth = authOf(request);
      requireTester(auth);
      const event = findEvent(auth, (request.params as { eventId: string }).eventId);
      state.resetEventCount(auth.player, auth.application, event.config.id);
      return reply.code(204).send();
    },
  );

  app.post('/games/v1management/events/reset', { onRequest, config: routeConfig('management.events.resetAll', { noContent: true }) }, (request, reply) => {
    const auth = authOf(request);
    requireTester(auth);
    for (const event of auth.application.events) state.resetEventCount(auth.player, auth.application, event.config.id);
    return reply.code(204).send();
  });

  app.post(
    '/games/v1management/events/:eventId/resetForAllPlayers',
    { onRequest, schema: { params: EventIdParams }, config: routeConfig('management.events.resetForAllPlayers', { noContent: true }) },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      const event = findEvent(auth, (request.params as { eventId: string }).eventId);
      requireDraft(event);
      state.resetEventForAll(auth.application, event.config.id);
      return reply.code(204).send();
    },
  );

  app.post('/games/v1management/events/resetAllForAllPlayers', { onRequest, config: routeConfig('management.events.resetAllForAllPlayers', { noContent: true }) }, (request, reply) => {
    const auth = authOf(request);
    requireDeveloper(auth);
    for (const event of auth.application.events) if (!event.published) state.resetEventForAll(auth.application, event.config.id);
    return reply.code(204).send();
  });

  app.post(
    '/games/v1management/events/resetMultipleForAllPlayers',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, RESET_MULTIPLE_REQUEST),
      schema: { body: ResetMultipleBody },
      config: routeConfig('management.events.resetMultipleForAllPlayers', { request: 'EventsResetMultipleForAllRequest', noContent: true }),
    },
    (request, reply) => {
      const auth = authOf(request);
      requireDeveloper(auth);
      const events = (request.body as { event_ids: string[] }).event_ids.map((id) => findEvent(auth, id));
      events.forEach(requireDraft);
      for (const event of events) state.resetEventForAll(auth.application, event.config.id);
      return reply.code(204).send();
    },
  );
}
