/**
 * Reads a player's events: definitions from the cache (`../achievements/definitions-cache.ts`,
 * one fetch of `events.listDefinitions` per application and language and TTL), the player's
 * counters from `events.listByPlayer`, and their updates not yet confirmed by Google from the
 * store, added in (`pendingCount`). A HIDDEN event is left out until the player has counted it
 * (Google: "only shown to users that have recorded this event at least once").
 */
import type { EventDefinition } from '../../google/wire/events.js';
import type { Store } from '../../store/store.js';
import type { DefinitionsCache, DefinitionsSnapshot } from '../achievements/definitions-cache.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { TokenVault } from '../vault/token-vault.js';
import type { EventGames } from './google-port.js';

/** One event as `GET /v1/me/events` lists it (docs/API.md, 'Events'). */
export interface EventItem {
  id: string;
  name: string;
  description?: string;
  imageUrl?: string;
  visibility: 'REVEALED' | 'HIDDEN';
  /** Google's count plus the player's updates not confirmed yet. */
  count: number;
  /** The part of `count` Google has not confirmed yet; absent when none. */
  pendingCount?: number;
}

export interface EventReaderDeps {
  store: Pick<Store, 'pendingEventWritesForPlayer'>;
  games: Pick<EventGames, 'listAllPlayerEvents'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
  definitions: DefinitionsCache<EventDefinition>;
  applicationId: string;
}

/** The read side of the events module. */
export class EventReader {
  readonly #deps: EventReaderDeps;

  constructor(deps: EventReaderDeps) {
    this.#deps = deps;
  }

  /**
   * The game's event definitions as this player may see them, refetched once when the cached copy
   * lacks one of `including` (a draft only testers see, one published since).
   */
  async definitions(playerId: string, including: readonly string[] = []): Promise<DefinitionsSnapshot<EventDefinition>> {
    const { vault, definitions, applicationId } = this.#deps;
    const key = { applicationId, language: undefined };
    try {
      const cached = definitions.fresh(key) ?? (await vault.withAccessToken(playerId, (token) => definitions.get(key, () => Promise.resolve(token))));
      if (including.every((id) => cached.byId.has(id))) return cached;
      return await vault.withAccessToken(playerId, (token) => definitions.get(key, () => Promise.resolve(token), { maxAgeMs: 0 }));
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
  }

  /** Every event of the game the player may see, with their counts. */
  async list(playerId: string, language?: string): Promise<EventItem[]> {
    const { store, games, vault, definitions, applicationId } = this.#deps;
    const pending = store.pendingEventWritesForPlayer(playerId);
    pending.catch(() => undefined);
    let google;
    try {
      google = await vault.withAccessToken(playerId, (token) =>
        Promise.all([
          definitions.get({ applicationId, language }, () => Promise.resolve(token)),
          games.listAllPlayerEvents(token, language === undefined ? {} : { language }),
        ]),
      );
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    const [snapshot, counters] = google;
    const confirmed = new Map(counters.map((event) => [event.definitionId, Number(event.numEvents)]));
    const unconfirmed = new Map<string, number>();
    for (const write of await pending) unconfirmed.set(write.eventId, (unconfirmed.get(write.eventId) ?? 0) + write.count);
    const items: EventItem[] = [];
    for (const definition of snapshot.list) {
      const pendingCount = unconfirmed.get(definition.id) ?? 0;
      const count = (confirmed.get(definition.id) ?? 0) + pendingCount;
      if (definition.visibility === 'HIDDEN' && count === 0) continue;
      const item: EventItem = { id: definition.id, name: definition.displayName, visibility: definition.visibility, count };
      if (definition.description !== undefined && definition.description !== '') item.description = definition.description;
      if (definition.imageUrl !== undefined && !definition.isDefaultImageUrl) item.imageUrl = definition.imageUrl;
      if (pendingCount > 0) item.pendingCount = pendingCount;
      items.push(item);
    }
    return items;
  }
}
