/**
 * The promises about secrets: Google tokens are encrypted at rest, and no code, token or secret
 * reaches a log line, during a whole sign-in and its aftermath.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../google/http.js';
import { testPostgres } from '../../store/test-support/postgres-test-schema.js';
import { createLogger } from '../logger.js';
import { startHarness, type Harness, type HarnessOptions } from '../test-support/harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Records every secret Google hands the backend, by watching its transport. */
function tokenSpy() {
  const secrets: string[] = [];
  const wrap = (fetch: FetchLike): FetchLike => async (input, init) => {
    const response = await fetch(input, init);
    if (new URL(input).pathname !== '/token') return response;
    const text = await response.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      if (typeof body[key] === 'string') secrets.push(body[key]);
    }
    return { status: response.status, headers: response.headers, text: async () => text };
  };
  return { secrets, wrap };
}

async function harness(options: HarnessOptions): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(() => h.close());
  return h;
}

/** A full player life: sign-in, refresh of the Google token, session refresh, reads and a write. */
async function livePlayer(h: Harness): Promise<string[]> {
  const player = await h.control.createPlayer({ displayName: 'Ada', email: 'ada@example.com' });
  const { serverAuthCode: code } = await h.control.mintServerAuthCode({
    playerId: player.playerId,
    clientId: h.config.google.credentials!.clientId,
    scopes: ['openid', 'email', 'profile'],
    forceRefreshToken: true,
  });
  const signIn = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode: code } });
  expect(signIn.statusCode).toBe(200);
  const session = signIn.json().session as { accessToken: string; refreshToken: string };
  const replay = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode: code } });
  expect(replay.statusCode).toBe(401);

  await h.control.advanceClock(3600);
  h.clock.offsetMs += 3600_000;
  const refreshed = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
  const next = refreshed.json().session as { accessToken: string; refreshToken: string };
  const auth = { authorization: `Bearer ${next.accessToken}` };
  expect((await h.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: auth })).statusCode).toBe(200);
  return [code, session.accessToken, session.refreshToken, next.accessToken, next.refreshToken];
}

describe('secrets', () => {
  it('no code, token or client secret appears in the logs of a whole player life', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const spy = tokenSpy();
    const h = await harness({ wrapFetch: spy.wrap, deps: { logger } });
    const ours = await livePlayer(h);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    const secrets = [...ours, ...spy.secrets, h.config.google.credentials!.clientSecret];
    expect(spy.secrets.length).toBeGreaterThanOrEqual(3);
    for (const secret of secrets) expect(log).not.toContain(secret);
  });

  it('the SQLite store holds no Google token in plain text', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgs-secrets-')), 'store.sqlite');
    const spy = tokenSpy();
    const h = await harness({ wrapFetch: spy.wrap, databaseUrl: `sqlite:${file}` });
    const ours = await livePlayer(h);

    const db = new BetterSqlite3(file, { readonly: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>;
    const dump = tables.map(({ name }) => JSON.stringify(db.prepare(`select * from "${name}"`).all())).join('\n');
    db.close();
    expect(dump).toContain('v1.k1.');
    for (const secret of [...spy.secrets, ...ours]) expect(dump).not.toContain(secret);
  });

  const postgres = testPostgres();
  (postgres ? it : it.skip)(`the PostgreSQL store holds no Google token in plain text${postgres ? '' : ' (skipped: TEST_DATABASE_URL not set)'}`, async () => {
    cleanups.push(() => postgres!.drop());
    const spy = tokenSpy();
    const h = await harness({ wrapFetch: spy.wrap, databaseUrl: postgres!.url, schema: postgres!.schema });
    const ours = await livePlayer(h);

    const client = new pg.Client({ connectionString: postgres!.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1', [
        postgres!.schema,
      ]);
      // One client runs one query at a time.
      const dumps: string[] = [];
      for (const t of tables.rows) dumps.push(JSON.stringify((await client.query(`select * from "${postgres!.schema}"."${t.table_name}"`)).rows));
      const dump = dumps.join('\n');
      expect(dump).toContain('v1.k1.');
      for (const secret of [...spy.secrets, ...ours]) expect(dump).not.toContain(secret);
    } finally {
      await client.end();
    }
  });
});
