/** Conformance: accounts, their linked identities, and how they follow sign-in and deletion. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../store-errors.js';
import { ACCOUNT_ID, type Harness } from './harness.js';

export function describeAccounts(h: Harness): void {
  describe('accounts', () => {
    it('a first sign-in creates an account whose one identity is the player', async () => {
      const player = await h.player();
      expect(player.accountId).toMatch(ACCOUNT_ID);
      expect(await h.store.findAccount(player.accountId)).toEqual({ id: player.accountId, createdAt: h.now });
      expect(await h.store.listAccountIdentities(player.accountId)).toEqual([
        { accountId: player.accountId, provider: 'play-games', subject: player.id, linkedAt: h.now },
      ]);
      expect(await h.store.findAccountByIdentity('play-games', player.id)).toEqual({ id: player.accountId, createdAt: h.now });
      expect(await h.store.countAccounts()).toBe(1);
    });

    it('every player gets an account of their own', async () => {
      const a = await h.player();
      const b = await h.player();
      expect(a.accountId).not.toBe(b.accountId);
      expect(await h.store.countAccounts()).toBe(2);
    });

    it('a returning player keeps their account, through next-generation ID remaps too', async () => {
      const first = await h.player({ idToken: { sub: 'keeps-account' } });
      h.advance(1000);
      const again = await h.signIn({ playerId: first.playerId });
      const remapped = await h.signIn({ playerId: h.newPlayerId(), originalPlayerId: first.playerId });
      const viaAlternate = await h.signIn({ playerId: h.newPlayerId(), alternatePlayerId: remapped.player.playerId, idToken: { sub: 'keeps-account' } });
      for (const { player, created } of [again, remapped, viaAlternate]) {
        expect(created).toBe(false);
        expect(player.accountId).toBe(first.accountId);
      }
      expect(await h.store.findPlayer(first.id)).toMatchObject({ accountId: first.accountId });
      expect(await h.store.findPlayers([first.id])).toMatchObject([{ accountId: first.accountId }]);
      expect(await h.store.findPlayerByPlayerId(h.applicationId, first.playerId)).toMatchObject({ accountId: first.accountId });
      expect(await h.store.countAccounts()).toBe(1);
      expect(await h.store.listAccountIdentities(first.accountId)).toHaveLength(1);
    });

    it('concurrent first sign-ins of one player make one account', async () => {
      const input = h.signInInput({ displayName: 'Racer' });
      const results = await Promise.all(Array.from({ length: 6 }, () => h.store.upsertPlayerOnSignIn(input)));
      results.forEach((r) => h.track(r.player.id));
      expect(new Set(results.map((r) => r.player.accountId)).size).toBe(1);
      expect(await h.store.countAccounts()).toBe(1);
    });

    it('links another identity, and finds the account by it', async () => {
      const player = await h.player();
      h.advance(1000);
      const link = await h.store.linkIdentity(player.accountId, 'recall', 'persona-1');
      expect(link).toEqual({ accountId: player.accountId, provider: 'recall', subject: 'persona-1', linkedAt: h.now });
      expect(await h.store.findAccountByIdentity('recall', 'persona-1')).toMatchObject({ id: player.accountId });
      expect((await h.store.listAccountIdentities(player.accountId)).map((i) => i.provider)).toEqual(['play-games', 'recall']);
    });

    it('refuses a link to an unknown account, an identity linked already, and a play-games link', async () => {
      const player = await h.player();
      const other = await h.player();
      await h.store.linkIdentity(player.accountId, 'recall', 'persona-2');
      const refusals = [
        [() => h.store.linkIdentity('acc_00000000000000000000000000000000', 'recall', 'persona-3'), 'ACCOUNT_NOT_FOUND'],
        [() => h.store.linkIdentity(other.accountId, 'recall', 'persona-2'), 'CONFLICT'],
        [() => h.store.linkIdentity(player.accountId, 'recall', 'persona-2'), 'CONFLICT'],
        [() => h.store.linkIdentity(other.accountId, 'play-games', player.id), 'INVALID_ARGUMENT'],
      ] as const;
      for (const [attempt, code] of refusals) {
        const refused = attempt();
        await expect(refused).rejects.toBeInstanceOf(StoreError);
        await expect(refused).rejects.toMatchObject({ code });
      }
      expect(await h.store.listAccountIdentities(other.accountId)).toHaveLength(1);
      expect(await h.store.findAccountByIdentity('recall', 'persona-2')).toMatchObject({ id: player.accountId });
    });

    it('unlinks an identity while another remains; false when it was not linked', async () => {
      const player = await h.player();
      await h.store.linkIdentity(player.accountId, 'recall', 'persona-4');
      expect(await h.store.unlinkIdentity(player.accountId, 'recall', 'persona-4')).toBe(true);
      expect(await h.store.unlinkIdentity(player.accountId, 'recall', 'persona-4')).toBe(false);
      expect(await h.store.findAccountByIdentity('recall', 'persona-4')).toBeUndefined();
      expect(await h.store.listAccountIdentities(player.accountId)).toHaveLength(1);
    });

    it('never unlinks a play-games identity (it leaves with its player) nor an account’s last identity', async () => {
      const player = await h.player();
      const playGames = h.store.unlinkIdentity(player.accountId, 'play-games', player.id);
      await expect(playGames).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await h.store.findPlayer(player.id)).toEqual(player);

      // A Recall link outlives the player: it is then the account's last identity.
      await h.store.linkIdentity(player.accountId, 'recall', 'persona-5');
      expect(await h.store.deletePlayer(player.id)).toBe(true);
      expect(await h.store.listAccountIdentities(player.accountId)).toMatchObject([{ provider: 'recall', subject: 'persona-5' }]);
      const last = h.store.unlinkIdentity(player.accountId, 'recall', 'persona-5');
      await expect(last).rejects.toBeInstanceOf(StoreError);
      await expect(last).rejects.toMatchObject({ code: 'LAST_IDENTITY' });
      expect(await h.store.findAccountByIdentity('recall', 'persona-5')).toMatchObject({ id: player.accountId });

      expect(await h.store.deleteAccount(player.accountId)).toBe(true);
      expect(await h.store.findAccountByIdentity('recall', 'persona-5')).toBeUndefined();
      expect(await h.store.deleteAccount(player.accountId)).toBe(false);
    });

    it('two concurrent unlinks of an account’s last two identities: one unlinks, the other is LAST_IDENTITY', async () => {
      const player = await h.player();
      await h.store.linkIdentity(player.accountId, 'recall', 'persona-6');
      await h.store.linkIdentity(player.accountId, 'recall', 'persona-7');
      await h.store.deletePlayer(player.id);
      const results = await Promise.allSettled([
        h.store.unlinkIdentity(player.accountId, 'recall', 'persona-6'),
        h.store.unlinkIdentity(player.accountId, 'recall', 'persona-7'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([true]);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as StoreError).code)).toEqual(['LAST_IDENTITY']);
      expect(await h.store.listAccountIdentities(player.accountId)).toHaveLength(1);
      await h.store.deleteAccount(player.accountId);
    });

    it('deletePlayer deletes the account with its last identity, and nothing of other accounts', async () => {
      const doomed = await h.player();
      const other = await h.player();
      expect(await h.store.deletePlayer(doomed.id)).toBe(true);
      expect(await h.store.findAccount(doomed.accountId)).toBeUndefined();
      expect(await h.store.listAccountIdentities(doomed.accountId)).toEqual([]);
      expect(await h.store.findAccountByIdentity('play-games', doomed.id)).toBeUndefined();
      expect(await h.store.findAccount(other.accountId)).toBeDefined();
      expect(await h.store.countAccounts()).toBe(1);
    });

    it('deleteAccount deletes its players with everything of theirs', async () => {
      const player = await h.player();
      await h.store.createSessionFamily(player.id, `hash-${player.id}`, h.now + 60_000);
      await h.store.enqueueAchievementWrites(player.id, [{ achievementId: 'a1', op: 'UNLOCK' }]);
      expect(await h.store.deleteAccount(player.accountId)).toBe(true);
      expect(await h.store.findPlayer(player.id)).toBeUndefined();
      expect(await h.store.pendingWritesForPlayer(player.id)).toEqual([]);
      expect(await h.store.rotateRefreshToken(`hash-${player.id}`, 'x', h.now + 60_000, h.now)).toEqual({ outcome: 'invalid' });
    });
  });
}
