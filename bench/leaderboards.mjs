#!/usr/bin/env node
/**
 * Leaderboards (docs/BENCHMARKS.md, 'Leaderboards'), in-process (`app.inject`, no sockets) with
 * Google stubbed by an in-memory answer that counts its calls, so that what is measured is the
 * backend's own path:
 * - durable score submissions/s: `POST /v1/me/leaderboards/{id}/scores`: session check, the
 *   board from the cached list, the policy, the store transaction that records and claims the
 *   score (committed before anything is sent), the token lookup, the (stubbed) send, the completion;
 * - Google calls per warm top-page read: `GET /v1/leaderboards/{id}/scores` by many players, with
 *   the page cache on (PGS_LEADERBOARD_CACHE_TTL_SECONDS=30) and off (0, the naive path).
 *
 *   npm run build && node bench/leaderboards.mjs [--store sqlite|postgres|both]
 *       [--scores 3000] [--concurrency 1,10] [--reads 2000] [--json]
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

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    scores: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '1,10' },
    reads: { type: 'string', default: '2000' },
    json: { type: 'boolean', default: false },
  },
});
const SCORES = Number(args.scores);
const READS = Number(args.reads);
const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const APPLICATION_ID = '123456789012';
const PLAYERS = 100;
const BOARD = 'CgkIbenchboard';

/** Google, answering at once from memory, counting every call. */
function stubGames(tokens, calls) {
  const best = new Map();
  const count = (name) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const entries = () =>
    [...best].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([player, score], i) => ({
      kind: 'games#leaderboardEntry',
      player: { kind: 'games#player', playerId: player, displayName: player },
      scoreValue: String(score),
      formattedScore: String(score),
      scoreRank: String(i + 1),
      formattedScoreRank: String(i + 1),
      timeSpan: 'ALL_TIME',
      writeTimestampMillis: '0',
    }));
  const submit = (token, score) => {
    const player = tokens.get(token);
    const beaten = !best.has(player) || score > best.get(player);
    if (beaten) best.set(player, score);
    return {
      kind: 'games#playerScoreResponse',
      leaderboardId: BOARD,
      formattedScore: String(score),
      beatenScoreTimeSpans: beaten ? ['ALL_TIME', 'WEEKLY', 'DAILY'] : [],
      unbeatenScores: [],
    };
  };
  return {
    listAllLeaderboards: async () => {
      count('leaderboards.list');
      return [{ kind: 'games#leaderboard', id: BOARD, name: 'Bench', isIconUrlDefault: true, order: 'LARGER_IS_BETTER' }];
    },
    submitScore: async (token, _id, score) => {
      count('scores.submit');
      return submit(token, Number(score));
    },
    submitScores: async (token, scores) => {
      count('scores.submitMultiple');
      return { kind: 'games#playerScoreListResponse', submittedScores: scores.map((s) => submit(token, Number(s.score))) };
    },
    listScores: async () => {
      count('scores.list');
      return { kind: 'games#leaderboardScores', items: entries(), numScores: String(best.size) };
    },
    listScoresWindow: async () => {
      count('scores.listWindow');
      return { kind: 'games#leaderboardScores', items: entries(), numScores: String(best.size) };
    },
    getPlayerScores: async (token) => {
      count('scores.get');
      const player = tokens.get(token);
      const items = best.has(player)
        ? [{ kind: 'games#playerLeaderboardScore', leaderboard_id: BOARD, scoreValue: String(best.get(player)), scoreString: '', timeSpan: 'ALL_TIME', writeTimestamp: '0' }]
        : [];
      return { kind: 'games#playerLeaderboardScoreListResponse', items, player: { kind: 'games#player', playerId: player, displayName: player } };
    },
  };
}

async function withBackend(kind, env, fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgs-bench-lb-'));
  const schema = `pgs_test_bench${Date.now().toString(36)}`;
  const url = kind === 'sqlite' ? `sqlite:${path.join(dir, 'bench.sqlite')}` : postgresUrl;
  const store = await openStore(url, kind === 'postgres' ? { schema } : {});
  const key = Buffer.alloc(32, 7).toString('base64');
  const base = loadConfig({ DATABASE_URL: 'sqlite::memory:', PGS_SESSION_SECRET: key, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${key}`, PGS_LOG_LEVEL: 'silent', ...env }, dir);
  const config = { ...base, google: { ...base.google, credentials: { clientId: `${APPLICATION_ID}-bench.apps.googleusercontent.com`, clientSecret: 'x' }, applicationId: APPLICATION_ID } };
  const tokens = new Map();
  const calls = new Map();
  const backend = await createBackend({ config, store, google: { games: stubGames(tokens, calls), management: {}, oauth: {}, idTokens: {} } });
  try {
    const sessions = [];
    for (let i = 0; i < PLAYERS; i++) {
      const { player } = await store.upsertPlayerOnSignIn({ applicationId: APPLICATION_ID, playerId: `g${i}`, displayName: `P${i}` });
      const token = `token-${i}`;
      await backend.services.vault.storeExchangedTokens(player.id, { access_token: token, expires_in: 3600, token_type: 'Bearer', scope: '', expiresAt: Date.now() + 3_600_000, scopes: [] });
      tokens.set(token, `g${i}`);
      sessions.push((await backend.services.sessions.open(player.id, player.accountId)).accessToken);
    }
    return await fn({ backend, sessions, calls });
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

async function submissions(kind, concurrency) {
  return withBackend(kind, {}, async ({ backend, sessions }) => {
    // Each lane submits for its own players, so that no score waits behind another of its player's.
    const submit = (lane, i) =>
      backend.app.inject({
        method: 'POST',
        url: `/v1/me/leaderboards/${BOARD}/scores`,
        headers: { authorization: `Bearer ${sessions[(lane + i * concurrency) % PLAYERS]}` },
        payload: { score: lane * 1_000_000 + i },
      });
    for (let i = 0; i < 300; i++) await submit(0, i);
    const codes = {};
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        for (let i = 0; i < SCORES / concurrency; i++) {
          const res = await submit(lane, i);
          codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
        }
      }),
    );
    return { scoresPerSecond: SCORES / ((performance.now() - started) / 1000), codes };
  });
}

async function reads(kind, ttlSeconds) {
  return withBackend(kind, { PGS_LEADERBOARD_CACHE_TTL_SECONDS: String(ttlSeconds) }, async ({ backend, sessions, calls }) => {
    for (let i = 0; i < PLAYERS; i++) {
      await backend.app.inject({ method: 'POST', url: `/v1/me/leaderboards/${BOARD}/scores`, headers: { authorization: `Bearer ${sessions[i]}` }, payload: { score: i * 10 } });
    }
    const read = (i) => backend.app.inject({ method: 'GET', url: `/v1/leaderboards/${BOARD}/scores`, headers: { authorization: `Bearer ${sessions[i % PLAYERS]}` } });
    for (let i = 0; i < PLAYERS; i++) await read(i); // every reader once: the warm state
    calls.clear();
    const codes = {};
    const started = performance.now();
    for (let i = 0; i < READS; i++) {
      const res = await read(i);
      codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const google = [...calls.values()].reduce((a, b) => a + b, 0);
    return { ttlSeconds, readsPerSecond: READS / seconds, googleCallsPerRead: google / READS, codes };
  });
}

const results = [];
for (const kind of args.store === 'both' ? ['sqlite', 'postgres'] : [args.store]) {
  const writes = [];
  for (const concurrency of args.concurrency.split(',').map(Number)) writes.push({ concurrency, ...(await submissions(kind, concurrency)) });
  results.push({ store: kind, writes, reads: [await reads(kind, 30), await reads(kind, 0)] });
}
if (args.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  process.stdout.write(`leaderboards, in-process, Google stubbed: ${SCORES} scores, ${READS} reads by ${PLAYERS} players, ${cpus().length} cores, node ${process.version}\n\n`);
  process.stdout.write(
    `${markdownTable(
      ['store', 'concurrent requests', 'durable scores/s', 'answers'],
      results.flatMap((r) => r.writes.map((w) => [r.store, String(w.concurrency), w.scoresPerSecond.toFixed(0), JSON.stringify(w.codes)])),
    )}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['store', 'top-page cache TTL s', 'Google calls per warm read', 'reads/s', 'answers'],
      results.flatMap((r) => r.reads.map((x) => [r.store, String(x.ttlSeconds), x.googleCallsPerRead.toFixed(3), x.readsPerSecond.toFixed(0), JSON.stringify(x.codes)])),
    )}\n`,
  );
}
