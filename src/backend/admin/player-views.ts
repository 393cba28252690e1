/**
 * Players as operators see them: found by name or any ID, with their account, linked
 * identities, grant state (active / needs consent), sessions and outbox writes; their events
 * with their event writes. Reads only.
 */
import type { AchievementWrite, Grant, Player, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import type { EventItem } from '../events/index.js';
import { adminEventWrite, outboxWriteFields, playIds, type AdminEventWrite, type AdminOutboxWrite, type PlayIds } from './outbox-writes.js';

export type GrantState = 'active' | 'needs_consent' | 'none';

export interface AdminPlayer {
  id: string;
  playerId: string;
  displayName: string;
  accountId: string;
  applicationId: string;
  email: string | null;
  createdAt: number;
  lastSignInAt: number;
  grantState: GrantState;
}

export interface AdminWrite extends AdminOutboxWrite {
  achievementId: string;
  type: AchievementWrite['op'];
  steps?: number;
}

/** What a grant lets the backend do: a revoked or refused one needs the player's consent again (a new sign-in). */
export function grantState(grant: Grant | undefined): GrantState {
  if (!grant) return 'none';
  return grant.status === 'active' ? 'active' : 'needs_consent';
}

export function adminPlayer(player: Player, grant: Grant | undefined): AdminPlayer {
  return {
    id: player.id,
    playerId: player.playerId,
    displayName: player.displayName,
    accountId: player.accountId,
    applicationId: player.applicationId,
    email: player.email,
    createdAt: player.createdAt,
    lastSignInAt: player.lastSignInAt,
    grantState: grantState(grant),
  };
}

/** A write with its player's current Play Games ID (null once the player is gone). */
export function adminWrite(write: AchievementWrite, playIdOf: PlayIds): AdminWrite {
  return {
    ...outboxWriteFields(write, playIdOf),
    achievementId: write.achievementId,
    type: write.op,
    ...(write.steps === null ? {} : { steps: write.steps }),
  };
}

/** Writes named by their players' current Play Games IDs, in one player lookup. */
export async function adminWrites(store: Pick<Store, 'findPlayers'>, writes: readonly AchievementWrite[]): Promise<AdminWrite[]> {
  const playIdOf = await playIds(store, writes);
  return writes.map((w) => adminWrite(w, playIdOf));
}

/** Players matching `query` (see `Store.searchPlayers`), each with their grant state. */
export async function searchPlayers(store: Store, query: string, limit: number): Promise<AdminPlayer[]> {
  const players = await store.searchPlayers(query, limit);
  const grants = await Promise.all(players.map((player) => store.getGrant(player.id)));
  return players.map((player, i) => adminPlayer(player, grants[i]));
}

/** One player: account, identities, grant (without its tokens), sessions, and their open and failed writes. */
export async function playerDetail(store: Store, id: string) {
  const player = await store.findPlayer(id);
  if (!player) throw new ApiError('PLAYER_NOT_FOUND', { message: 'No player has that internal ID.' });
  const [grant, idHistory, identities, sessions, pending, inFlight, failed] = await Promise.all([
    store.getGrant(id),
    store.listPlayerIdHistory(id),
    store.listAccountIdentities(player.accountId),
    store.listSessionFamilies(id, 50),
    store.listWrites({ status: 'pending', playerId: id, limit: 100 }),
    store.listWrites({ status: 'in_flight', playerId: id, limit: 100 }),
    store.listWrites({ status: 'failed', playerId: id, limit: 100 }),
  ]);
  const playIdOf = new Map([[player.id, player.playerId]]);
  return {
    player: adminPlayer(player, grant),
    idHistory: idHistory.map((entry) => ({ playerId: entry.playerId, kind: entry.kind, firstSeenAt: entry.firstSeenAt })),
    identities: identities.map((identity) => ({ provider: identity.provider, subject: identity.subject, linkedAt: identity.linkedAt })),
    grant:
      grant === undefined
        ? null
        : {
            state: grantState(grant),
            status: grant.status,
            scopes: grant.scopes,
            hasRefreshToken: grant.refreshTokenCiphertext !== null,
            accessTokenExpiresAt: grant.accessTokenExpiresAt,
            lastRefreshAt: grant.lastRefreshAt,
            lastError: grant.lastError,
            updatedAt: grant.updatedAt,
          },
    sessions: sessions.map((family) => ({
      id: family.id,
      createdAt: family.createdAt,
      active: family.revokedAt === null,
      revokedAt: family.revokedAt,
      revokedReason: family.revokedReason,
    })),
    writes: [...inFlight, ...pending, ...failed].map((w) => adminWrite(w, playIdOf)),
  };
}

/**
 * The player's events: their counts as Google holds them through their grant, their updates not
 * yet confirmed added in (`readEvents`, the events module's read), and their open and failed
 * event writes from the event outbox.
 */
export async function playerEvents(store: Store, readEvents: (playerId: string) => Promise<EventItem[]>, id: string): Promise<{ items: EventItem[]; writes: AdminEventWrite[] }> {
  const player = await store.findPlayer(id);
  if (!player) throw new ApiError('PLAYER_NOT_FOUND', { message: 'No player has that internal ID.' });
  const [items, inFlight, pending, failed] = await Promise.all([
    readEvents(id),
    store.listEventWrites({ status: 'in_flight', playerId: id, limit: 100 }),
    store.listEventWrites({ status: 'pending', playerId: id, limit: 100 }),
    store.listEventWrites({ status: 'failed', playerId: id, limit: 100 }),
  ]);
  const playIdOf = new Map([[player.id, player.playerId]]);
  return { items, writes: [...inFlight, ...pending, ...failed].map((w) => adminEventWrite(w, playIdOf)) };
}
