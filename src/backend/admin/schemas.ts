/** The schemas of the operators' routes, as the OpenAPI document shows them. */
import { Type } from 'typebox';
import { UpdateTypeSchema } from '../achievements/schemas.js';
import { component } from '../http/openapi-components.js';

export const OutboxQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'How many failed writes to list (newest first); default 100.' })) },
  { additionalProperties: false },
);
export const OutboxSchema = Type.Object({
  pending: Type.Integer({ description: 'Writes waiting to be sent (backing off or parked until the player signs in).' }),
  inFlight: Type.Integer(),
  failed: Type.Integer(),
  oldestPendingAgeMs: Type.Integer(),
  failedWrites: Type.Array(
    Type.Object({
      id: Type.Integer(),
      playerId: Type.Union([Type.String(), Type.Null()], { description: "The player's current Play Games ID." }),
      achievementId: Type.String(),
      type: UpdateTypeSchema,
      steps: Type.Optional(Type.Integer()),
      attempts: Type.Integer(),
      error: Type.String({ description: 'Why Google refused it.' }),
      createdAt: Type.Number(),
      failedAt: Type.Number(),
    }, component('FailedWrite')),
  ),
}, component('AchievementOutbox'));

export const EventOutboxSchema = Type.Object({
  pending: Type.Integer({ description: 'Event updates waiting to be sent (backing off or parked until the player signs in).' }),
  inFlight: Type.Integer(),
  failed: Type.Integer(),
  oldestPendingAgeMs: Type.Integer(),
  failedWrites: Type.Array(
    Type.Object({
      id: Type.Integer(),
      playerId: Type.Union([Type.String(), Type.Null()], { description: "The player's current Play Games ID." }),
      eventId: Type.String(),
      count: Type.Number(),
      attempts: Type.Integer(),
      error: Type.String({ description: 'Why Google refused it.' }),
      createdAt: Type.Number(),
      failedAt: Type.Number(),
    }, component('FailedEventWrite')),
  ),
}, component('EventOutbox'));
