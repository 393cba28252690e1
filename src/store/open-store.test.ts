import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseUrlError } from './database-url.js';
import { openStore, StoreConnectionError } from './open-store.js';
import { STORE_MIGRATIONS } from './migrations/index.js';

describe('openStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgs-open-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad URL with an error naming DATABASE_URL and the accepted forms', async () => {
    const attempt = openStore('mongodb://localhost/pgs');
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUrlError);
    await expect(attempt).rejects.toThrow(
      /DATABASE_URL "mongodb:\/\/localhost\/pgs" is not supported; accepted forms: sqlite:PATH .*sqlite::memory:.*postgres:\/\//,
    );
  });

  it('names DATABASE_URL, without the password, when PostgreSQL is unreachable', async () => {
    const attempt = openStore('postgres://user:s3cret@127.0.0.1:1/db');
    await expect(attempt).rejects.toBeInstanceOf(StoreConnectionError);
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(/^cannot reach PostgreSQL at DATABASE_URL=postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/db: /);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  it('names DATABASE_URL when the SQLite file cannot be created', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const attempt = openStore(`sqlite:${join(blocker, 'pgs.sqlite')}`);
    await expect(attempt).rejects.toBeInstanceOf(StoreConnectionError);
    await expect(attempt).rejects.toThrow(/^cannot open the SQLite database of DATABASE_URL=sqlite:/);
  });

  it('logs the migrations it applied, once', async () => {
    const lines: { obj: object; msg: string | undefined }[] = [];
    const logger = {
      info: (obj: object, msg?: string) => lines.push({ obj, msg }),
      warn: () => undefined,
      error: () => undefined,
    };
    const path = join(dir, 'logged.sqlite');
    await (await openStore(`sqlite:${path}`, { logger })).close();
    await (await openStore(`sqlite:${path}`, { logger })).close();
    expect(lines).toEqual([{ obj: { migrations: STORE_MIGRATIONS.map((m) => m.name), dialect: 'sqlite' }, msg: 'store: migrations applied' }]);
  });

  it('close is idempotent, and a closed store refuses work', async () => {
    const store = await openStore('sqlite::memory:');
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});
