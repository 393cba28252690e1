/**
 * Games API `events` (discovery games-v1.json; docs/google/events-and-player-data.md):
 * - `listDefinitions` (`GET games/v1/eventDefinitions`): the token's application's events, drafts
 *   for testers and developer accounts only, paged;
 * - `listByPlayer` (`GET games/v1/events`): the caller's count of every event they can see (0 for
 *   one never recorded), paged;
 * - `record` (`POST games/v1/events`): adds counts per time period. What it refuses comes back
 *   inside the 200, as Google does: `batchFailures` (a period, or the whole request without a
 *   `range`: `ALREADY_UPDATED` for a `requestId` seen before) and `eventFailures` (one event);
 *   the rules are `event-logic.ts`. `playerEvents` holds the caller's counts of the events the
 *   request named and may see, after it.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type {
  EventBatchRecordFailure,
  EventDefinitionListResponse,
  EventPeriodRange,
  EventUpdateResponse,
  PlayerEvent,
  PlayerEventListResponse,
} from '../../google/wire/events.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { DEFAULT_EVENT_RECORD_LIMITS, planEventRecord, type PlannedPeriod } from '../event-logic.js';
import { routeConfig } from '../request-context.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';
import { type MessageSpec, checkBodyFields } from './json-fields.js';
import { paginate } from './paging.js';
import { ListQuery } from './schemas.js';
import { parseInt64 } from './score-writes.js';

/** int64: proto3 JSON takes a decimal string or a number; parseInt64 checks which. */
const Int64Json = Type.Union([Type.String(), Type.Number()]);

const RecordQuery = Type.Object({ language: Type.Optional(Type.String()) });
const RecordBody = Type.Object({
  kind: Type.Optional(Type.String()),
  currentTimeMillis: Type.Optional(Int64Json),
  requestId: Type.Optional(Int64Json),
  timePeriods: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Type.Optional(Type.String()),
        timePeriod: Type.Object({
          kind: Type.Optional(Type.String()),
          periodStartMillis: Int64Json,
          periodEndMillis: Int64Json,
        }),
        updates: Type.Optional(
          Type.Array(Type.Object({ kind: Type.Optional(Type.String()), definitionId: Type.String({ minLength: 1 }), updateCount: Int64Json })),
        ),
      }),
    ),
  ),
});

/** `EventRecordRequest` (both spellings of every field, as json-fields.ts explains). */
const EVENT_RECORD_REQUEST: MessageSpec = {
  kind: { alias: 'kind' },
  currentTimeMillis: { alias: 'current_time_millis' },
  requestId: { alias: 'request_id' },
  timePeriods: {
    alias: 'time_periods',
    repeated: true,
    message: {
      kind: { alias: 'kind' },
      timePeriod: {
        alias: 'time_period',
        message: { kind: { alias: 'kind' }, periodStartMillis: { alias: 'period_start_millis' }, periodEndMillis: { alias: 'period_end_millis' } },
      },
      updates: {
        alias: 'updates',
        repeated: true,
        message: { kind: { alias: 'kind' }, definitionId: { alias: 'definition_id' }, updateCount: { alias: 'update_count' } },
      },
    },
  },
};

interface RecordBodyValue {
  currentTimeMillis?: string | number;
  requestId?: string | number;
  timePeriods?: Array<{
    timePeriod: { periodStartMillis: string | number; periodEndMillis: string | number };
    updates?: Array<{ definitionId: string; updateCount: string | number }>;
  }>;
}

/** The caller's counter of one event, as Google shows it. */
export function playerEventResource(state: EmulatorState, player: PlayerRecord, application: ApplicationRecord, eventId: string): PlayerEvent {
  const count = state.eventCount(player, application, eventId);
  return { kind: 'games#playerEvent', definitionId: eventId, playerId: player.playerId, numEvents: String(count), formattedNumEvents: String(count) };
}

function rangeOf(startMillis: bigint, endMillis: bigint): EventPeriodRange {
  return { kind: 'games#eventPeriodRange', periodStartMillis: String(startMillis), periodEndMillis: String(endMillis) };
}

/** Registers events.listDefinitions, events.listByPlayer and events.record. */
export function registerEventsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get(
    '/games/v1/eventDefinitions',
    { onRequest, schema: { querystring: ListQuery }, config: routeConfig('games.events.listDefinitions', { response: 'EventDefinitionListResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const query = request.query as { maxResults?: number; pageToken?: string };
      const list = `eventDefinitions:${application.applicationId}:${state.seesDrafts(player) ? 'drafts' : 'published'}`;
      const page = paginate(state.visibleEvents(player, application), list, query.maxResults, query.pageToken);
      const body: EventDefinitionListResponse = { kind: 'games#eventDefinitionListResponse', items: page.items.map((event) => event.definition) };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );

  app.get(
    '/games/v1/events',
    { onRequest, schema: { querystring: ListQuery }, config: routeConfig('games.events.listByPlayer', { response: 'PlayerEventListResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const query = request.query as { maxResults?: number; pageToken?: string };
      const list = `playerEvents:${application.applicationId}:${state.seesDrafts(player) ? 'drafts' : 'published'}:${player.key}`;
      const page = paginate(state.visibleEvents(player, application), list, query.maxResults, query.pageToken);
      const body: PlayerEventListResponse = {
        kind: 'games#playerEventListResponse',
        items: page.items.map((event) => playerEventResource(state, player, application, event.config.id)),
      };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/events',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, EVENT_RECORD_REQUEST),
      schema: { querystring: RecordQuery, body: RecordBody },
      config: routeConfig('games.events.record', { request: 'EventRecordRequest', response: 'EventUpdateResponse' }),
    },
    (request, reply) => {
      const { player, application } = authOf(request);
      const body = (request.body ?? {}) as RecordBodyValue;
      // Every number is read first: a malformed one is a 400 with nothing recorded.
      const requestId = body.requestId === undefined ? undefined : parseInt64(body.requestId, 'request_id', 'requestId').toString();
      const senderNow = body.currentTimeMillis === undefined ? undefined : parseInt64(body.currentTimeMillis, 'current_time_millis', 'currentTimeMillis');
      const periods: PlannedPeriod[] = (body.timePeriods ?? []).map((period, p) => ({
        startMillis: parseInt64(period.timePeriod.periodStartMillis, `time_periods[${p}].time_period.period_start_millis`, 'timePeriods'),
        endMillis: parseInt64(period.timePeriod.periodEndMillis, `time_periods[${p}].time_period.period_end_millis`, 'timePeriods'),
        updates: (period.updates ?? []).map((update, u) => ({
          eventId: update.definitionId,
          count: parseInt64(update.updateCount, `time_periods[${p}].updates[${u}].update_count`, 'timePeriods'),
        })),
      }));
      const plan = planEventRecord(periods, {
        now: state.clock.now(),
        senderNow,
        seen: requestId !== undefined && state.seenEventRequest(player, application, requestId),
        knows: (eventId) => state.visibleEvent(player, application, eventId) !== undefined,
        limits: DEFAULT_EVENT_RECORD_LIMITS,
      });
      if (plan.requestFailure === undefined) {
        for (const [eventId, count] of plan.increments) state.addEventCount(player, application, eventId, count);
        if (requestId !== undefined) state.rememberEventRequest(player, application, requestId);
      }
      const named = new Set(periods.flatMap((period) => period.updates.map((update) => update.eventId)));
      const response: EventUpdateResponse = {
        kind: 'games#eventUpdateResponse',
        playerEvents: [...named]
          .filter((eventId) => state.visibleEvent(player, application, eventId) !== undefined)
          .map((eventId) => playerEventResource(state, player, application, eventId)),
      };
      const batchFailures: EventBatchRecordFailure[] = plan.requestFailure
        ? [{ kind: 'games#eventBatchRecordFailure', failureCause: plan.requestFailure }]
        : plan.periodFailures.map(({ index, cause }) => ({
            kind: 'games#eventBatchRecordFailure',
            failureCause: cause,
            range: rangeOf(periods[index]!.startMillis, periods[index]!.endMillis),
          }));
      if (batchFailures.length > 0) response.batchFailures = batchFailures;
      if (plan.eventFailures.length > 0) {
        response.eventFailures = plan.eventFailures.map(({ eventId, cause }) => ({ kind: 'games#eventRecordFailure', eventId, failureCause: cause }));
      }
      return reply.send(response);
    },
  );
}
