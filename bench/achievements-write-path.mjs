#!/usr/bin/env node
/**
 * The durable write path on its own (durable writes/s, docs/BENCHMARKS.md): the backend's
 * `POST /v1/me/achievements/{id}/increment` handled in-process (`app.inject`, no sockets) with
 * Google stubbed by an in-memory answer, so that what is measured is the path itself: session
 * check, validation, the store transaction that records and claims the write (committed before
 * anything is sent), the token lookup, the (stubbed) send, and the completion. Complements
 * `bench/achievements.mjs`, whose end-to-end figure also pays for two loopback HTTP hops
 * (load generator → backend → emulator) on the same cores.
 *
 *   npm run build && node bench/achievements-write-path.mjs [--store sqlite|postgres|both]
 *       [--writes 5000] [--concurrency 1,10] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { createBackend } from '../dist/backend/app.js';
import { loadConfig } from '../dist/backend/config.js';
import { openStore } from '../dist/store/index.js';
import { markdownTable } from './lib/table.mjs';
import { stubGames } from './lib/stub-games.mjs';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    writes: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '1,10' },
    json: { type: 'boolean', default: false },
  },
});
const WRITES = Number(args.writes);
const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const APPLICATION_ID = '123456789012';
const PLAYERS = 100;

async function run(kind, concurrency) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgs-bench-wp-'));
  const schema = `pgs_test_bench${Date.now().toString(36)}`;
  const url = kind === 'sqlite' ? `sqlite:${path.join(dir, 'bench.sqlite')}` : postgresUrl;
  const store = await openStore(url, kind === 'postgres' ? { schema } : {});
  const key = Buffer.alloc(32, 7).toString('base64');
  const base = loadConfig({ DATABASE_URL: 'sqlite::memory:', PGS_SESSION_SECRET: key, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${key}`, PGS_LOG_LEVEL: 'silent' }, dir);
  const config = { ...base, google: { ...base.google, credentials: { clientId: `${APPLICATION_ID}-bench.apps.googleusercontent.com`, clientSecret: 'x' }, applicationId: APPLICATION_ID } };
  const tokens = new Map();
  const backend = await createBackend({ config, store, google: { games: stubGames(tokens), management: {}, oauth: {}, idTokens: {} } });
  try {
    const sessions = [];
    for (let i = 0; i < PLAYERS; i++) {
      const { player } = await store.upsertPlayerOnSignIn({ applicationId: APPLICATION_ID, playerId: `g${i}`, displayName: `P${i}` });
      const ref = player.id;
      const token = `token-${i}`;
      await backend.services.vault.storeExchangedTokens(ref, { access_token: token, expires_in: 3600, token_type: 'Bearer', scope: '', expiresAt: Date.now() + 3_600_000, scopes: [] });
      tokens.set(token, ref);
      sessions.push((await backend.services.sessions.open(ref, player.accountId)).accessToken);
    }
    // Each lane writes for its own players, so no write waits behind another of its player's.
    const write = (lane, i) =>
      backend.app.inject({
        method: 'POST',
        url: '/v1/me/achievements/inc/increment',
        headers: { authorization: `Bearer ${sessions[(lane + i * concurrency) % PLAYERS]}` },
        payload: { steps: 1 },
      });
    for (let i = 0; i < 500; i++) await write(0, i);
    const codes = {};
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        for (let i = 0; i < WRITES / concurrency; i++) {
          const res = await write(lane, i);
          codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // A figure of refused writes would measure the refusal: say so instead of printing it.
    if (Object.keys(codes).some((code) => code !== '200')) throw new Error(`not every write was applied: ${JSON.stringify(codes)}`);
    return { store: kind, concurrency, writesPerSecond: WRITES / seconds, codes };
  } finally {
    await backend.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (kind === 'postgres') {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

const rows = [];
for (const kind of args.store === 'both' ? ['sqlite', 'postgres'] : [args.store]) {
  for (const concurrency of args.concurrency.split(',').map(Number)) rows.push(await run(kind, concurrency));
}
if (args.json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  process.stdout.write(`durable write path, in-process, Google stubbed: ${WRITES} increments, ${cpus().length} cores, node ${process.version}\n\n`);
  process.stdout.write(
    `${markdownTable(
      ['store', 'concurrent requests', 'durable writes/s', 'answers'],
      rows.map((r) => [r.store, String(r.concurrency), r.writesPerSecond.toFixed(0), JSON.stringify(r.codes)]),
    )}\n`,
  );
}
