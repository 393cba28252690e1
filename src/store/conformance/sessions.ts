/** Conformance: session families and rotating refresh tokens with reuse detection. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../store-errors.js';
import { UUID, type Harness } from './harness.js';

export function describeSessions(h: Harness): void {
  describe('sessions', () => {
    const DAY = 86_400_000;

    it('opens a family with its first token', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'h0', h.now + DAY);
      expect(family).toEqual({
        id: expect.stringMatching(UUID) as unknown,
        playerId: p.id,
        createdAt: h.now,
        revokedAt: null,
        revokedReason: null,
      });
      expect(await h.store.findSessionFamily(family.id)).toEqual(family);
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(true);
    });

    it('rotates a token into the next one, which rotates in turn', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'r0', h.now + DAY);
      expect(await h.store.rotateRefreshToken('r0', 'r1', h.now + DAY, h.now)).toEqual({
        outcome: 'rotated',
        familyId: family.id,
        playerId: p.id,
        accountId: p.accountId,
      });
      expect(await h.store.rotateRefreshToken('r1', 'r2', h.now + DAY, h.now + 1)).toEqual({
        outcome: 'rotated',
        familyId: family.id,
        playerId: p.id,
        accountId: p.accountId,
      });
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(true);
    });

    it('reuse of a rotated token revokes the whole family, and the live token dies with it', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'u0', h.now + DAY);
      await h.store.rotateRefreshToken('u0', 'u1', h.now + DAY, h.now);
      const at = h.advance(5);
      expect(await h.store.rotateRefreshToken('u0', 'stolen', h.now + DAY, at)).toEqual({ outcome: 'reused', familyId: family.id });
      expect(await h.store.findSessionFamily(family.id)).toEqual({
        ...family,
        revokedAt: at,
        revokedReason: 'refresh_token_reused',
      });
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(false);
      expect(await h.store.rotateRefreshToken('u1', 'u2', h.now + DAY, at)).toEqual({ outcome: 'invalid' });
      expect(await h.store.rotateRefreshToken('stolen', 'u3', h.now + DAY, at)).toEqual({ outcome: 'invalid' });
    });

    it('with no grace, a second rotation of one token is reuse even when its clock reads earlier than the first (two requests at once)', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'c0', h.now + DAY);
      await h.store.rotateRefreshToken('c0', 'c1', h.now + DAY, h.now + 1, 0);
      expect(await h.store.rotateRefreshToken('c0', 'c1', h.now + DAY, h.now, 0)).toEqual({ outcome: 'reused', familyId: family.id });
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(false);
    });

    it('within the reuse grace, the same rotation asked again answers it again, changing nothing', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'g0', h.now + DAY);
      const rotated = { outcome: 'rotated', familyId: family.id, playerId: p.id, accountId: p.accountId };
      expect(await h.store.rotateRefreshToken('g0', 'g1', h.now + DAY, h.now, 5_000)).toEqual(rotated);
      expect(await h.store.rotateRefreshToken('g0', 'g1', h.now + DAY, h.now + 4_999, 5_000)).toEqual({ ...rotated, repeated: true });
      // Another successor than the one it was rotated to is no retry: reuse.
      expect(await h.store.rotateRefreshToken('g0', 'other', h.now + DAY, h.now + 1, 5_000)).toEqual({ outcome: 'reused', familyId: family.id });
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(false);
    });

    it('the reuse grace ends after its time, and when the successor was used', async () => {
      const p = await h.player();
      const late = await h.store.createSessionFamily(p.id, 'l0', h.now + DAY);
      await h.store.rotateRefreshToken('l0', 'l1', h.now + DAY, h.now, 5_000);
      expect(await h.store.rotateRefreshToken('l0', 'l1', h.now + DAY, h.now + 5_000, 5_000)).toEqual({ outcome: 'reused', familyId: late.id });
      const moved = await h.store.createSessionFamily(p.id, 'm0', h.now + DAY);
      await h.store.rotateRefreshToken('m0', 'm1', h.now + DAY, h.now, 5_000);
      await h.store.rotateRefreshToken('m1', 'm2', h.now + DAY, h.now + 1, 5_000);
      expect(await h.store.rotateRefreshToken('m0', 'm1', h.now + DAY, h.now + 2, 5_000)).toEqual({ outcome: 'reused', familyId: moved.id });
      expect(await h.store.rotateRefreshToken('m2', 'm3', h.now + DAY, h.now + 3, 5_000)).toEqual({ outcome: 'invalid' });
    });

    it('an unknown or expired token is invalid and revokes nothing', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'e0', h.now + 1000);
      expect(await h.store.rotateRefreshToken('nope', 'x1', h.now + DAY, h.now)).toEqual({ outcome: 'invalid' });
      expect(await h.store.rotateRefreshToken('e0', 'x2', h.now + DAY, h.now + 1000)).toEqual({ outcome: 'invalid' });
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(true);
    });

    it('revokeSessionFamily revokes once; its tokens stop working', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'v0', h.now + DAY);
      expect(await h.store.revokeSessionFamily(family.id, 'logout')).toBe(true);
      expect(await h.store.revokeSessionFamily(family.id, 'logout')).toBe(false);
      expect(await h.store.revokeSessionFamily('00000000-0000-4000-8000-000000000000', 'logout')).toBe(false);
      expect(await h.store.findSessionFamily(family.id)).toMatchObject({ revokedAt: h.now, revokedReason: 'logout' });
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(false);
      expect(await h.store.isSessionFamilyActive('00000000-0000-4000-8000-000000000000')).toBe(false);
      expect(await h.store.rotateRefreshToken('v0', 'v1', h.now + DAY, h.now)).toEqual({ outcome: 'invalid' });
    });

    it("revokeAllSessions revokes every active family of the player and no one else's", async () => {
      const [p, other] = [await h.player(), await h.player()];
      const f1 = await h.store.createSessionFamily(p.id, 'a1', h.now + DAY);
      const f2 = await h.store.createSessionFamily(p.id, 'a2', h.now + DAY);
      const f3 = await h.store.createSessionFamily(p.id, 'a3', h.now + DAY);
      const theirs = await h.store.createSessionFamily(other.id, 'b1', h.now + DAY);
      await h.store.revokeSessionFamily(f3.id, 'logout');
      expect(await h.store.revokeAllSessions(p.id, 'deleted')).toBe(2);
      expect(await h.store.findSessionFamily(f1.id)).toMatchObject({ revokedReason: 'deleted' });
      expect(await h.store.findSessionFamily(f2.id)).toMatchObject({ revokedReason: 'deleted' });
      expect(await h.store.findSessionFamily(f3.id)).toMatchObject({ revokedReason: 'logout' });
      expect(await h.store.isSessionFamilyActive(theirs.id)).toBe(true);
    });

    it('refuses a family for an unknown player with PLAYER_NOT_FOUND', async () => {
      const attempt = h.store.createSessionFamily('00000000-0000-4000-8000-000000000000', 'z0', h.now + DAY);
      await expect(attempt).rejects.toBeInstanceOf(StoreError);
      await expect(attempt).rejects.toMatchObject({ code: 'PLAYER_NOT_FOUND' });
    });

    it('concurrent rotations of one token: exactly one rotates; the others are reuse and revoke the family', async () => {
      const p = await h.player();
      const family = await h.store.createSessionFamily(p.id, 'c0', h.now + DAY);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => h.store.rotateRefreshToken('c0', `c1-${i}`, h.now + DAY, h.now)),
      );
      expect(results.filter((r) => r.outcome === 'rotated')).toHaveLength(1);
      // The first loser finds the token used and revokes the family; later ones may find the
      // family already revoked, which is "invalid".
      const losers = results.filter((r) => r.outcome !== 'rotated');
      expect(losers.filter((r) => r.outcome === 'reused').length).toBeGreaterThanOrEqual(1);
      expect(losers.every((r) => r.outcome === 'reused' || r.outcome === 'invalid')).toBe(true);
      expect(await h.store.isSessionFamilyActive(family.id)).toBe(false);
    });

    it('concurrent rotations through two store instances: exactly one rotates', async (ctx) => {
      if (!h.target.sharedDatabase) ctx.skip();
      const second = await h.open();
      const p = await h.player();
      await h.store.createSessionFamily(p.id, 'd0', h.now + DAY);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? second : h.store).rotateRefreshToken('d0', `d1-${i}`, h.now + DAY, h.now)),
      );
      expect(results.filter((r) => r.outcome === 'rotated')).toHaveLength(1);
    });

    it('pruneSessions deletes expired tokens and dead families only', async () => {
      const p = await h.player();
      const live = await h.store.createSessionFamily(p.id, 'p-live', h.now + DAY);
      const expired = await h.store.createSessionFamily(p.id, 'p-expired', h.now + 1000);
      const revoked = await h.store.createSessionFamily(p.id, 'p-revoked', h.now + DAY);
      await h.store.revokeSessionFamily(revoked.id, 'logout');
      h.advance(2000);
      expect(await h.store.pruneSessions(h.now)).toEqual({ refreshTokens: 1, families: 2 });
      expect(await h.store.findSessionFamily(live.id)).toBeDefined();
      expect(await h.store.findSessionFamily(expired.id)).toBeUndefined();
      expect(await h.store.findSessionFamily(revoked.id)).toBeUndefined();
      expect(await h.store.rotateRefreshToken('p-live', 'p-live-2', h.now + DAY, h.now)).toMatchObject({ outcome: 'rotated' });
    });
  });
}
