/**
 * Events in the seed. Google's Configuration API has no events (they are defined in the Play
 * Console only), so the seed takes the Games API's own `EventDefinition` JSON, as
 * `events.listDefinitions` answers it (`kind`, `isDefaultImageUrl` and `childEvents` items'
 * `kind` are taken), plus `published`: false makes a draft, which tester and developer accounts
 * see and which the Management `…ForAllPlayers` resets take.
 *
 * ```json
 * { "id": "CgkIlNDIwqcbEAIQEA", "displayName": "Dragons slain", "visibility": "REVEALED", "published": true }
 * ```
 *
 * Besides the schema, `checkEvents` applies what it cannot say: unique IDs, and child events that
 * name events of the same game (never the event itself).
 */
import { Type, type Static } from 'typebox';
import { EVENT_VISIBILITIES } from '../google/wire/events.js';

const NonEmpty = (options: Record<string, unknown> = {}) => Type.String({ minLength: 1, ...options });

export const EventConfigSchema = Type.Object(
  {
    kind: Type.Optional(Type.String()),
    id: NonEmpty({ maxLength: 128, pattern: '^[A-Za-z0-9_.\\-]+$' }),
    displayName: NonEmpty({ maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    imageUrl: Type.Optional(NonEmpty()),
    isDefaultImageUrl: Type.Optional(Type.Boolean()),
    visibility: Type.Enum([...EVENT_VISIBILITIES]),
    childEvents: Type.Optional(
      Type.Array(Type.Object({ kind: Type.Optional(Type.String()), childId: NonEmpty() }, { additionalProperties: false })),
    ),
    /** false for a draft: visible to testers and developers only, resettable for all players. */
    published: Type.Boolean(),
  },
  { additionalProperties: false },
);

export type EventConfig = Static<typeof EventConfigSchema>;

/** Cross-field checks of one application's events; `fail` throws naming the field. */
export function checkEvents(events: readonly EventConfig[], at: string, fail: (field: string, message: string) => never): void {
  const ids = new Map<string, number>();
  events.forEach((event, i) => {
    const seen = ids.get(event.id);
    if (seen !== undefined) fail(`${at}.events[${i}].id`, `duplicates ${at}.events[${seen}].id (${event.id})`);
    ids.set(event.id, i);
  });
  events.forEach((event, i) => {
    (event.childEvents ?? []).forEach(({ childId }, c) => {
      const field = `${at}.events[${i}].childEvents[${c}].childId`;
      if (childId === event.id) fail(field, 'is the event itself');
      if (!ids.has(childId)) fail(field, `is not the id of an event of this application (${childId})`);
    });
  });
}
