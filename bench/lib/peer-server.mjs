/**
 * The peer the backend is measured against (bench/peer-comparison.mjs): a game server as a team
 * would write it from Google's server-access guide
 * (https://developer.android.com/games/pgs/android/server-access): Fastify, google-auth-library's
 * OAuth2Client to exchange the server auth code, googleapis' Games v1 client for players.get and
 * the achievement calls, the tokens in better-sqlite3 (or PostgreSQL through pg), and a random
 * session token of its own. No outbox, no vault encryption, no schemas: the plain way.
 *
 *   PEER_GOOGLE_URL=http://127.0.0.1:PORT PEER_CLIENT_ID=… PEER_CLIENT_SECRET=… \
 *   PEER_DATABASE_URL=sqlite:/tmp/peer.sqlite|postgres://… node bench/lib/peer-server.mjs
 *
 * Prints `peer listening on http://127.0.0.1:PORT` once ready.
 */
import { randomBytes } from 'node:crypto';
import process from 'node:process';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { OAuth2Client } from 'google-auth-library';
// The Games module by its own path, as test/official-clients/harness.ts does: googleapis' index
// loads every Google API.
import { games } from 'googleapis/build/src/apis/games/index.js';
import pg from 'pg';

const { PEER_GOOGLE_URL: google, PEER_CLIENT_ID: clientId, PEER_CLIENT_SECRET: clientSecret, PEER_DATABASE_URL: dbUrl } = process.env;
const SCHEMA = [
  'create table if not exists players (player_id text primary key, display_name text, access_token text, refresh_token text, expiry_date bigint)',
  'create table if not exists sessions (token text primary key, player_id text not null)',
];

/** `query(sql, params)` → rows, over SQLite or PostgreSQL (SQL written with `?`). */
async function openDatabase(url) {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    for (const sql of SCHEMA) db.exec(sql);
    return async (sql, params) => {
      const statement = db.prepare(sql);
      return statement.reader ? statement.all(params) : (statement.run(params), []);
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  for (const sql of SCHEMA) await pool.query(sql);
  return async (sql, params) => {
    let n = 0;
    return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
  };
}

const query = await openDatabase(dbUrl);
const oauthClient = () =>
  new OAuth2Client({
    clientId,
    clientSecret,
    endpoints: { oauth2TokenUrl: `${google}/token`, oauth2FederatedSignonPemCertsUrl: `${google}/oauth2/v1/certs` },
  });
const gamesFor = (auth) => games({ version: 'v1', rootUrl: `${google}/`, auth });

/** The session's player and an OAuth client holding their stored tokens (refreshed ones stored back). */
async function authorize(request, reply) {
  const token = request.headers.authorization?.replace(/^Bearer /, '');
  const [row] = await query('select p.* from sessions s join players p on p.player_id = s.player_id where s.token = ?', [token ?? '']);
  if (row === undefined) return reply.code(401).send({ error: 'unauthenticated' });
  const auth = oauthClient();
  auth.setCredentials({ access_token: row.access_token, refresh_token: row.refresh_token, expiry_date: Number(row.expiry_date) });
  auth.on('tokens', (t) => query('update players set access_token = ?, expiry_date = ? where player_id = ?', [t.access_token, t.expiry_date, row.player_id]));
  request.player = { id: row.player_id, games: gamesFor(auth) };
}

const app = Fastify();

app.post('/signin', async (request) => {
  const auth = oauthClient();
  const { tokens } = await auth.getToken(request.body.serverAuthCode);
  if (tokens.id_token) await auth.verifyIdToken({ idToken: tokens.id_token, audience: clientId });
  auth.setCredentials(tokens);
  const { data: player } = await gamesFor(auth).players.get({ playerId: 'me' });
  await query(
    'insert into players values (?, ?, ?, ?, ?) on conflict (player_id) do update set display_name = excluded.display_name, access_token = excluded.access_token, refresh_token = coalesce(excluded.refresh_token, players.refresh_token), expiry_date = excluded.expiry_date',
    [player.playerId, player.displayName, tokens.access_token, tokens.refresh_token ?? null, tokens.expiry_date],
  );
  const session = randomBytes(32).toString('base64url');
  await query('insert into sessions values (?, ?)', [session, player.playerId]);
  return { playerId: player.playerId, displayName: player.displayName, session };
});

// Definitions change only when the game is republished: fetched once, as the backend caches them.
let definitions;
app.get('/achievements', { preHandler: authorize }, async (request) => {
  const { games: client } = request.player;
  definitions ??= client.achievementDefinitions.list({ maxResults: 200 }).then((r) => r.data.items ?? []);
  const [defs, { data }] = await Promise.all([definitions, client.achievements.list({ playerId: 'me', maxResults: 200 })]);
  const states = new Map((data.items ?? []).map((s) => [s.id, s]));
  return { items: defs.map((d) => ({ id: d.id, name: d.name, state: states.get(d.id)?.achievementState ?? d.initialState, currentSteps: states.get(d.id)?.currentSteps })) };
});

app.post('/achievements/:id/unlock', { preHandler: authorize }, async (request) => {
  const { data } = await request.player.games.achievements.unlock({ achievementId: request.params.id });
  return { newlyUnlocked: data.newlyUnlocked };
});

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`peer listening on ${address}\n`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
