/**
 * A seeded player's data that only Google's side produces: `stats` (what `stats.get` answers,
 * per application ID, Google's own `StatsResponse` field names) and `snapshots` (saved-game
 * metadata, each in the first application unless it names another). The same fields as the
 * control API's `PUT /players/{id}/stats` and `…/snapshots/{uniqueName}`; numbers are JSON numbers.
 *
 * ```json
 * { "playerId": "g1", "displayName": "Ada", "email": "ada@example.com",
 *   "stats": { "246813579024": { "num_sessions": 12, "churn_probability": 0.1 } },
 *   "snapshots": [{ "uniqueName": "slot-1", "title": "Castle, floor 3", "progressValue": 42 }] }
 * ```
 */
import { Type } from 'typebox';
import { STATS_FLOAT_FIELDS, STATS_INT_FIELDS } from '../google/wire/stats.js';

export const StatsValuesSchema = Type.Object(
  {
    ...Object.fromEntries(STATS_FLOAT_FIELDS.map((field) => [field, Type.Optional(Type.Number({ minimum: 0 }))])),
    ...Object.fromEntries(STATS_INT_FIELDS.map((field) => [field, Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 }))])),
  },
  { additionalProperties: false },
);

const Millis = Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));

export const SnapshotFieldsSchema = {
  title: Type.Optional(Type.String({ maxLength: 100 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  durationMillis: Millis,
  progressValue: Type.Optional(Type.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER })),
  lastModifiedMillis: Millis,
  coverImage: Type.Optional(
    Type.Object(
      { url: Type.String({ minLength: 1 }), width: Type.Integer({ minimum: 1 }), height: Type.Integer({ minimum: 1 }), mimeType: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
  ),
};

/** A save's unique name: letters, digits and `-._~`, up to 100 characters. */
export const UNIQUE_NAME_PATTERN = '^[A-Za-z0-9\\-._~]{1,100}$';

export const SeedSnapshotSchema = Type.Object(
  { applicationId: Type.Optional(Type.String({ minLength: 1 })), uniqueName: Type.String({ pattern: UNIQUE_NAME_PATTERN }), ...SnapshotFieldsSchema },
  { additionalProperties: false },
);
