/** Conformance: the operators' audit log. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';

export function describeAuditLog(h: Harness): void {
  describe('audit log', () => {
    it('appends entries with growing ids and lists them newest first, paging back with before, narrowing by target', async () => {
      const target = `player-${randomUUID()}`;
      const first = await h.store.appendAuditEntry({ actor: 'console', action: 'player.revoke', target, outcome: 'ok', sourceIp: '127.0.0.1', detail: { revokedSessions: 2 } });
      expect(first).toEqual({
        id: expect.any(Number) as unknown,
        at: h.now,
        actor: 'console',
        action: 'player.revoke',
        target,
        outcome: 'ok',
        sourceIp: '127.0.0.1',
        detail: { revokedSessions: 2 },
      });
      const at = h.advance(7);
      const second = await h.store.appendAuditEntry({ actor: 'server-api-key', action: 'console.sign_in', outcome: 'refused' });
      expect(second).toEqual({ id: expect.any(Number) as unknown, at, actor: 'server-api-key', action: 'console.sign_in', target: null, outcome: 'refused', sourceIp: null, detail: null });
      expect(second.id).toBeGreaterThan(first.id);
      const third = await h.store.appendAuditEntry({ actor: 'console', action: 'outbox.cancel', target, outcome: 'ok', at: 42, detail: ['a', 1, null] });
      expect(third.at).toBe(42);

      expect((await h.store.listAuditEntries({ limit: 2 })).map((e) => e.id)).toEqual([third.id, second.id]);
      expect((await h.store.listAuditEntries({ limit: 10, before: second.id })).map((e) => e.id)[0]).toBe(first.id);
      expect(await h.store.listAuditEntries({ limit: 10, target })).toEqual([third, first]);
      expect(await h.store.listAuditEntries({ limit: 0 })).toEqual([]);
    });

    it('keeps an entry after the player it names is deleted', async () => {
      const p = await h.player();
      const entry = await h.store.appendAuditEntry({ actor: 'console', action: 'player.revoke', target: p.id, outcome: 'ok' });
      await h.store.deletePlayer(p.id);
      expect(await h.store.listAuditEntries({ limit: 5, target: p.id })).toEqual([entry]);
    });
  });
}
