/** The store conformance suite on SQLite: in memory, and on a WAL file like the embedded default. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { describeStoreConformance } from './store.conformance.js';
import { STORE_MIGRATIONS } from './migrations/index.js';

describeStoreConformance({ name: 'sqlite::memory:', url: 'sqlite::memory:', options: {}, sharedDatabase: false });

const folder = mkdtempSync(join(tmpdir(), 'pgs-store-'));
const file = join(folder, 'nested', 'pgs.sqlite');
describeStoreConformance({
  name: 'sqlite file (WAL)',
  url: `sqlite:${file}`,
  options: {},
  sharedDatabase: true,
  cleanup: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })),
});

describe('sqlite file settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgs-store-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the folder and runs in WAL mode (foreign keys: the suite\'s cascading deletePlayer)', async () => {
    const path = join(dir, 'a', 'b', 'store.sqlite');
    const store = await openStore(`sqlite:${path}`);
    await store.ping();
    await store.close();
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['players', 'achievement_writes', 'pgs_migrations']));
    } finally {
      db.close();
    }
  });

  it('two stores opening one new file at once both succeed; the migration runs once', async () => {
    const path = join(dir, 'race.sqlite');
    const stores = await Promise.all([openStore(`sqlite:${path}`), openStore(`sqlite:${path}`)]);
    await Promise.all(stores.map((s) => s.close()));
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      expect(db.prepare('select name from pgs_migrations').pluck().all()).toEqual(STORE_MIGRATIONS.map((m) => m.name));
    } finally {
      db.close();
    }
  });
});
