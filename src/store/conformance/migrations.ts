/** Conformance: migrations are applied once, and opening a migrated store again changes nothing. */
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../open-store.js';
import type { Harness } from './harness.js';

export function describeMigrations(h: Harness): void {
  describe('migrations', () => {
    it('opening the store again applies nothing and keeps the data', async (ctx) => {
      if (!h.target.sharedDatabase) ctx.skip();
      const p = await h.player();
      const again = await h.open();
      expect(await again.findPlayer(p.id)).toEqual(p);
      expect(await migrateDatabase(h.target.url, h.target.options)).toEqual({ applied: [] });
    });

    it('a store opened with migrate: false works on a migrated database', async (ctx) => {
      if (!h.target.sharedDatabase) ctx.skip();
      const store = await h.open({ migrate: false });
      const { player } = await h.signIn({}, store);
      expect(await h.store.findPlayer(player.id)).toEqual(player);
    });

    it('ping answers, and reports the dialect', async () => {
      await expect(h.store.ping()).resolves.toBeUndefined();
      expect(['sqlite', 'postgres']).toContain(h.store.dialect);
    });
  });
}
