/** Conformance: players, their ID history, remapping, sign-in races, deletion. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../store-errors.js';
import { ACCOUNT_ID, T0, UUID, type Harness } from './harness.js';

export function describePlayers(h: Harness): void {
  describe('players', () => {
    it('creates a player on first sign-in with every field, and records the ID as current', async () => {
      const playerId = h.newPlayerId();
      const { player, created } = await h.signIn({
        playerId,
        gamePlayerId: 'gp-1',
        developerPlayerKey: 'dpk-1',
        displayName: 'Ada',
        avatarImageUrl: 'https://example.test/a.png',
        title: 'Rookie',
        idToken: {
          sub: '1001',
          email: 'ada@example.test',
          emailVerified: true,
          name: 'Ada L',
          picture: 'https://example.test/p.png',
          givenName: 'Ada',
          familyName: 'L',
          locale: 'en-GB',
        },
      });
      expect(created).toBe(true);
      expect(player).toEqual({
        id: expect.stringMatching(UUID) as unknown,
        accountId: expect.stringMatching(ACCOUNT_ID) as unknown,
        applicationId: h.applicationId,
        playerId,
        gamePlayerId: 'gp-1',
        developerPlayerKey: 'dpk-1',
        displayName: 'Ada',
        avatarImageUrl: 'https://example.test/a.png',
        title: 'Rookie',
        googleSub: '1001',
        email: 'ada@example.test',
        emailVerified: true,
        name: 'Ada L',
        picture: 'https://example.test/p.png',
        givenName: 'Ada',
        familyName: 'L',
        locale: 'en-GB',
        createdAt: h.now,
        updatedAt: h.now,
        lastSignInAt: h.now,
      });
      expect(await h.store.findPlayer(player.id)).toEqual(player);
      expect(await h.store.findPlayerByPlayerId(h.applicationId, playerId)).toEqual(player);
      expect(await h.store.findPlayerByGoogleSub(h.applicationId, '1001')).toEqual(player);
      expect(await h.store.listPlayerIdHistory(player.id)).toEqual([
        { applicationId: h.applicationId, playerId, kind: 'current', firstSeenAt: h.now },
      ]);
    });

    it('stores no ID-token fields without an ID token', async () => {
      const { player } = await h.signIn({ displayName: 'Bo' });
      expect(player).toMatchObject({
        gamePlayerId: null,
        developerPlayerKey: null,
        avatarImageUrl: null,
        title: null,
        googleSub: null,
        email: null,
        emailVerified: null,
        name: null,
        picture: null,
        givenName: null,
        familyName: null,
        locale: null,
      });
    });

    it('a later sign-in overwrites the profile, keeps scoped IDs it did not fetch, and reports created=false', async () => {
      const first = await h.player({ displayName: 'Old', avatarImageUrl: 'https://x.test/1', title: 'T', gamePlayerId: 'gp', developerPlayerKey: 'dk' });
      const signedInAt = h.advance(60_000);
      const { player, created } = await h.signIn({ playerId: first.playerId, displayName: 'New' });
      expect(created).toBe(false);
      expect(player).toEqual({
        ...first,
        displayName: 'New',
        avatarImageUrl: null,
        title: null,
        updatedAt: signedInAt,
        lastSignInAt: signedInAt,
      });
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('ID-token claims update only when provided, and false stays false', async () => {
      const first = await h.player({
        idToken: { sub: 's-1', email: 'a@x.test', emailVerified: false, name: 'A', locale: 'fr' },
      });
      expect(first.emailVerified).toBe(false);
      const second = await h.signIn({ playerId: first.playerId, idToken: { sub: 's-1', name: 'A2' } });
      expect(second.player).toMatchObject({ googleSub: 's-1', email: 'a@x.test', emailVerified: false, name: 'A2', locale: 'fr' });
      const third = await h.signIn({ playerId: first.playerId });
      expect(third.player).toMatchObject({ googleSub: 's-1', email: 'a@x.test', emailVerified: false, name: 'A2', locale: 'fr' });
    });

    it('moves a player known under originalPlayerId to the new ID, keeping the old one in history', async () => {
      const old = await h.player();
      const movedAt = h.advance(1000);
      const newId = h.newPlayerId();
      const { player, created } = await h.signIn({ playerId: newId, originalPlayerId: old.playerId });
      expect(created).toBe(false);
      expect(player.id).toBe(old.id);
      expect(player.playerId).toBe(newId);
      expect(await h.store.countPlayers()).toBe(1);
      expect(await h.store.listPlayerIdHistory(old.id)).toEqual([
        { applicationId: h.applicationId, playerId: old.playerId, kind: 'original', firstSeenAt: T0 },
        { applicationId: h.applicationId, playerId: newId, kind: 'current', firstSeenAt: movedAt },
      ]);
      expect((await h.store.findPlayerByPlayerId(h.applicationId, old.playerId))?.id).toBe(old.id);
      expect((await h.store.findPlayerByPlayerId(h.applicationId, newId))?.id).toBe(old.id);
    });

    it('moves a player known under alternatePlayerId to the new ID', async () => {
      const old = await h.player();
      h.advance(1000);
      const newId = h.newPlayerId();
      const { player, created } = await h.signIn({ playerId: newId, alternatePlayerId: old.playerId });
      expect(created).toBe(false);
      expect(player).toMatchObject({ id: old.id, playerId: newId });
      expect((await h.store.listPlayerIdHistory(old.id)).map((e) => [e.playerId, e.kind])).toEqual([
        [old.playerId, 'previous'],
        [newId, 'current'],
      ]);
    });

    it('records Google-named IDs it has not seen as original/alternate on a new player', async () => {
      const [p, o, a] = [h.newPlayerId(), h.newPlayerId(), h.newPlayerId()];
      const { player, created } = await h.signIn({ playerId: p, originalPlayerId: o, alternatePlayerId: a });
      expect(created).toBe(true);
      const kinds = Object.fromEntries((await h.store.listPlayerIdHistory(player.id)).map((e) => [e.playerId, e.kind]));
      expect(kinds).toEqual({ [p]: 'current', [o]: 'original', [a]: 'alternate' });
      expect((await h.store.findPlayerByPlayerId(h.applicationId, a))?.id).toBe(player.id);
    });

    it('a returning player records IDs Google names for the first time; an ID of another player stays theirs', async () => {
      const other = await h.player();
      const me = await h.player();
      const at = h.advance(1000);
      const original = h.newPlayerId();
      const { player, created } = await h.signIn({ playerId: me.playerId, originalPlayerId: original, alternatePlayerId: other.playerId });
      expect(created).toBe(false);
      expect(player).toMatchObject({ id: me.id, playerId: me.playerId, lastSignInAt: at });
      expect(await h.store.listPlayerIdHistory(me.id)).toEqual([
        { applicationId: h.applicationId, playerId: me.playerId, kind: 'current', firstSeenAt: T0 },
        { applicationId: h.applicationId, playerId: original, kind: 'original', firstSeenAt: at },
      ]);
      expect(await h.store.listPlayerIdHistory(other.id)).toEqual([
        { applicationId: h.applicationId, playerId: other.playerId, kind: 'current', firstSeenAt: T0 },
      ]);
      expect(await h.store.countPlayers()).toBe(2);
    });

    it('never moves a player to another ID on the ID-token sub alone (IDENTITY_MISMATCH), changing nothing', async () => {
      const old = await h.player({ idToken: { sub: 'sub-remap' } });
      const historyBefore = await h.store.listPlayerIdHistory(old.id);
      const newId = h.newPlayerId();
      const attempt = h.store.upsertPlayerOnSignIn(h.signInInput({ playerId: newId, displayName: 'Intruder', idToken: { sub: 'sub-remap' } }));
      await expect(attempt).rejects.toBeInstanceOf(StoreError);
      await expect(attempt).rejects.toMatchObject({ code: 'IDENTITY_MISMATCH' });
      expect(await h.store.findPlayer(old.id)).toEqual(old);
      expect(await h.store.listPlayerIdHistory(old.id)).toEqual(historyBefore);
      expect(await h.store.findPlayerByPlayerId(h.applicationId, newId)).toBeUndefined();
      expect(await h.store.countPlayers()).toBe(1);
      expect(await h.store.countAccounts()).toBe(1);
    });

    it('moves a player with the same sub when Google names their old ID (next-generation ID rules)', async () => {
      const old = await h.player({ idToken: { sub: 'sub-next-gen' } });
      const newId = h.newPlayerId();
      const { player, created } = await h.signIn({ playerId: newId, originalPlayerId: old.playerId, idToken: { sub: 'sub-next-gen' } });
      expect(created).toBe(false);
      expect(player).toMatchObject({ id: old.id, playerId: newId, googleSub: 'sub-next-gen', accountId: old.accountId });
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('keeps players of different applications apart, even with one player ID and sub', async () => {
      const a = await h.player({ idToken: { sub: 'shared-sub' } });
      const b = await h.signIn({ applicationId: `${h.applicationId}-other`, playerId: a.playerId, idToken: { sub: 'shared-sub' } });
      expect(b.created).toBe(true);
      expect(b.player.id).not.toBe(a.id);
      expect((await h.store.findPlayerByPlayerId(h.applicationId, a.playerId))?.id).toBe(a.id);
      expect((await h.store.findPlayerByPlayerId(`${h.applicationId}-other`, a.playerId))?.id).toBe(b.player.id);
    });

    it('finds several players in one call, leaving unknown IDs out', async () => {
      const a = await h.player();
      const b = await h.player();
      const found = await h.store.findPlayers([b.id, a.id, '00000000-0000-4000-8000-000000000000', a.id]);
      expect(found.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
      expect(found.find((p) => p.id === a.id)).toEqual(a);
      expect(await h.store.findPlayers([])).toEqual([]);
    });

    it('answers undefined for unknown players', async () => {
      expect(await h.store.findPlayer('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await h.store.findPlayerByPlayerId(h.applicationId, 'nobody')).toBeUndefined();
      expect(await h.store.findPlayerByGoogleSub(h.applicationId, 'nobody')).toBeUndefined();
      expect(await h.store.listPlayerIdHistory('00000000-0000-4000-8000-000000000000')).toEqual([]);
    });

    it('refuses to give a player a sub another player of the application holds (CONFLICT), changing nothing', async () => {
      await h.player({ idToken: { sub: 'taken' } });
      const other = await h.player();
      const attempt = h.store.upsertPlayerOnSignIn(h.signInInput({ playerId: other.playerId, displayName: 'Changed', idToken: { sub: 'taken' } }));
      await expect(attempt).rejects.toBeInstanceOf(StoreError);
      await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await h.store.findPlayer(other.id)).toEqual(other);
    });

    it('concurrent first sign-ins of one player all succeed, exactly one creates, one row exists', async () => {
      const input = h.signInInput({ displayName: 'Racer', idToken: { sub: 'race-sub' } });
      const results = await Promise.all(Array.from({ length: 8 }, () => h.store.upsertPlayerOnSignIn(input)));
      results.forEach((r) => h.track(r.player.id));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.player.id)).size).toBe(1);
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('concurrent first sign-ins through two store instances produce one player', async (ctx) => {
      if (!h.target.sharedDatabase) ctx.skip();
      const second = await h.open();
      const input = h.signInInput({ displayName: 'Twin' });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? h.store : second).upsertPlayerOnSignIn(input)),
      );
      results.forEach((r) => h.track(r.player.id));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.player.id)).size).toBe(1);
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('concurrent remapping sign-ins move the player once and never duplicate it', async () => {
      const old = await h.player();
      const newId = h.newPlayerId();
      const input = h.signInInput({ playerId: newId, originalPlayerId: old.playerId });
      const results = await Promise.all(Array.from({ length: 6 }, () => h.store.upsertPlayerOnSignIn(input)));
      expect(results.every((r) => !r.created && r.player.id === old.id && r.player.playerId === newId)).toBe(true);
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('deletePlayer removes the player and everything of theirs, and nothing of others', async () => {
      const doomed = await h.player({ idToken: { sub: 'doomed' } });
      const other = await h.player();
      for (const p of [doomed, other]) {
        await h.store.saveGrant(p.id, h.grantInput());
        await h.store.createSessionFamily(p.id, `hash-${p.id}`, h.now + 60_000);
        await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'a1', op: 'UNLOCK' }], { key: 'k', requestHash: 'h' });
      }
      const doomedFamily = (await h.store.rotateRefreshToken(`hash-${doomed.id}`, `hash2-${doomed.id}`, h.now + 60_000, h.now)) as {
        familyId: string;
      };
      const [done] = (await h.store.claimDueWrites({ now: h.now, leaseMs: 1000, maxPlayers: 10, maxWritesPerPlayer: 10 })).flatMap((c) => c.writes);
      if (done !== undefined) await h.store.completeWrites([done.id]);

      expect(await h.store.deletePlayer(doomed.id)).toBe(true);

      expect(await h.store.findPlayer(doomed.id)).toBeUndefined();
      expect(await h.store.findPlayerByPlayerId(h.applicationId, doomed.playerId)).toBeUndefined();
      expect(await h.store.findPlayerByGoogleSub(h.applicationId, 'doomed')).toBeUndefined();
      expect(await h.store.listPlayerIdHistory(doomed.id)).toEqual([]);
      expect(await h.store.getGrant(doomed.id)).toBeUndefined();
      expect(await h.store.findSessionFamily(doomedFamily.familyId)).toBeUndefined();
      expect(await h.store.rotateRefreshToken(`hash2-${doomed.id}`, 'x', h.now + 60_000, h.now)).toEqual({ outcome: 'invalid' });
      expect(await h.store.pendingWritesForPlayer(doomed.id)).toEqual([]);
      expect(await h.store.getIdempotencyRecord(doomed.id, 'k')).toBeUndefined();
      expect(await h.store.deletePlayer(doomed.id)).toBe(false);

      expect(await h.store.findPlayer(other.id)).toEqual(other);
      expect(await h.store.getGrant(other.id)).toBeDefined();
      expect(await h.store.getIdempotencyRecord(other.id, 'k')).toBeDefined();
      expect(await h.store.countPlayers()).toBe(1);
      // The other player's write is still there (in flight or pending); only the doomed one's went.
      expect((await h.store.outboxStats(h.now)).pending + (await h.store.outboxStats(h.now)).inFlight).toBe(1);
      // A player created anew under the deleted player's ID is a new player.
      const again = await h.signIn({ playerId: doomed.playerId });
      expect(again.created).toBe(true);
      expect(again.player.id).not.toBe(doomed.id);
    });
  });
}
