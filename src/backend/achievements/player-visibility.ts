/**
 * Which achievements each player can see, as Google last showed them to that player.
 *
 * The definitions cache is shared by every player of the game, but what Google shows depends on
 * who asks: tester accounts see drafts, other players do not (docs/google/games-api.md). Once a
 * tester's read has filled the cache, it holds drafts, so "the cache has it" cannot mean "this
 * player may write it": a write validated that way was stored, Google answered 404, and it sat
 * in the failed list. So a write is checked against what Google showed this player: their own
 * `achievements.list` (every read already fetches it, so reads keep this current for free) or
 * definitions fetched with their token.
 *
 * Bounded: at most `capacity` players are remembered (least recently used forgotten first), each
 * for `maxAgeMs`; the ID sets are shared between players who see the same achievements (most
 * players see exactly the published ones), so an entry costs a few dozen bytes.
 */
import { LruMap } from '../lru-map.js';

/** The achievements Google showed a player, and when. */
export interface Seen {
  ids: ReadonlySet<string>;
  at: number;
}

export interface PlayerVisibilityOptions {
  now: () => number;
  /** How long what a player was shown counts (a tester removed from testers stops seeing drafts). */
  maxAgeMs: number;
  /** How many players are remembered. */
  capacity: number;
}

/** Distinct ID sets kept for sharing; more distinct views than this are simply not shared. */
const SHARED_SETS = 64;

/** What each player was last shown, by their internal ID. */
export class PlayerVisibility {
  readonly #options: PlayerVisibilityOptions;
  readonly #players: LruMap<string, Seen>;
  readonly #sets = new LruMap<string, ReadonlySet<string>>(SHARED_SETS);

  constructor(options: PlayerVisibilityOptions) {
    this.#options = options;
    this.#players = new LruMap(options.capacity);
  }

  /** Records that Google showed `playerId` exactly these achievements. */
  remember(playerId: string, achievementIds: Iterable<string>): Seen {
    const sorted = [...new Set(achievementIds)].sort();
    const fingerprint = sorted.join('\u0000');
    let ids = this.#sets.get(fingerprint);
    if (!ids) {
      ids = new Set(sorted);
      this.#sets.set(fingerprint, ids);
    }
    const seen = { ids, at: this.#options.now() };
    this.#players.set(playerId, seen);
    return seen;
  }

  /** What Google showed the player, while it still counts; undefined when unknown. */
  seenBy(playerId: string): Seen | undefined {
    const seen = this.#players.get(playerId);
    if (!seen) return undefined;
    if (this.#options.now() - seen.at >= this.#options.maxAgeMs) {
      this.#players.delete(playerId);
      return undefined;
    }
    return seen;
  }
}
