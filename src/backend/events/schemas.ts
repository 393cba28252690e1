/**
 * TypeBox schemas of the event routes: they validate requests (strict: unknown fields are
 * refused) and feed `/openapi.json`. Shapes follow docs/API.md, 'Events'.
 */
import { Type } from 'typebox';
import { IDEMPOTENCY_KEY_PATTERN } from '../achievements/idempotency.js';
import { component } from '../http/openapi-components.js';
import { withExample } from '../http/openapi-examples.js';
import { printableIdSchema } from '../http/id-schemas.js';

const EventId = printableIdSchema('an event ID', 256, 'The event ID from Play Console.');
/** A count out of bounds (0, 1.5, above 2^53 − 1) answers INVALID_EVENT_COUNT; a count of another type INVALID_REQUEST. */
const Count = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, 'x-error-code': 'INVALID_EVENT_COUNT', description: 'How many times the event occurred: a positive integer.' });

export const EventUpdatesBody = Type.Object(
  {
    updates: Type.Array(Type.Object({ eventId: EventId, count: Count }, { additionalProperties: false, ...component('EventUpdate') }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const EventsIdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: IDEMPOTENCY_KEY_PATTERN,
      description: 'Repeat a request with the same key to get its first answer; nothing is counted twice. 1–255 visible ASCII characters.',
    }),
  ),
});

export const EventsLanguageQuery = Type.Object(
  {
    language: Type.Optional(
      Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$', maxLength: 35, description: 'BCP 47 language of names and descriptions.' }),
    ),
  },
  { additionalProperties: false },
);

export const EventItemSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    imageUrl: Type.Optional(Type.String()),
    visibility: Type.Union([Type.Literal('REVEALED'), Type.Literal('HIDDEN')]),
    count: Type.Number({ description: "The player's count, their updates not yet confirmed by Google included." }),
    pendingCount: Type.Optional(Type.Number({ description: 'The part of count Google has not confirmed yet.' })),
  },
  component('EventItem'),
);
export const EventListSchema = Type.Object({ items: Type.Array(EventItemSchema) }, component('EventList'));

export const EventsRecordedSchema = Type.Object(
  {
    items: Type.Array(Type.Object({ id: Type.String(), count: Type.Number({ description: "The player's count after this request." }) })),
    rejected: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.String(),
          count: Type.Number(),
          cause: Type.String({ description: "Google's reason, e.g. NOT_FOUND or TIME_PERIOD_EXPIRED; recorded as failed, never retried." }),
        }),
      ),
    ),
  },
  component('EventsRecorded'),
);

const DEMO_EVENT = 'CgkI1NXP4YkIEAIQEA';
export const EventListExample = withExample(EventListSchema, {
  items: [
    { id: DEMO_EVENT, name: 'Dragons slain', description: 'Each dragon the player defeats.', visibility: 'REVEALED', count: 12, pendingCount: 2 },
    { id: 'CgkI1NXP4YkIEAIQEQ', name: 'Gold coins collected', visibility: 'REVEALED', count: 0 },
  ],
});
export const EventsRecordedExample = withExample(EventsRecordedSchema, { items: [{ id: DEMO_EVENT, count: 14 }] });
