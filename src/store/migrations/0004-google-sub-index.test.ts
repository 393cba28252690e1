import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import { testPostgres } from '../test-support/postgres-test-schema.js';

// Regression: with both unique indexes of `players` led by `application_id` (which selects every
// player of a one-game backend), PostgreSQL planned the sign-in's `application_id = $1 AND
// player_id = $2` through the `sub` index when it had no statistics, or once for good in a
// prepared statement's generic plan, filtering every player of the application on each sign-in.

const target = testPostgres();

describe.skipIf(target === undefined)('0004 on PostgreSQL', () => {
  afterAll(() => target?.drop());

  it('a generic plan finds a player by ID through the player-ID index, and by sub through the sub index', async () => {
    if (target === undefined) return;
    const store = await openStore(target.url, { schema: target.schema });
    try {
      // A fresh table, no ANALYZE yet: the state every sign-in of a new deployment meets.
      for (let i = 0; i < 300; i++) {
        await store.upsertPlayerOnSignIn({ applicationId: 'app', playerId: `p${i}`, displayName: 'P', idToken: { sub: `s${i}` } });
      }
    } finally {
      await store.close();
    }
    const client = new pg.Client({ connectionString: target.url, options: `-c search_path=${target.schema}` });
    await client.connect();
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      const plan = async (where: string): Promise<string> => {
        await client.query('deallocate all');
        await client.query(`prepare q(text, text) as select id from players where ${where}`);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain execute q('app', 'p7')`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      };
      const byPlayerId = await plan('application_id = $1 and player_id = $2');
      expect(byPlayerId).toContain('players_application_player_id_key');
      expect(byPlayerId).not.toContain('Filter');
      const bySub = await plan('application_id = $1 and google_sub = $2');
      expect(bySub).toContain('players_google_sub_application_key');
      expect(bySub).not.toContain('Filter');
    } finally {
      await client.end();
    }
  });
});

it('SQLite finds a player by ID and by sub through the matching index', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgs-0004-')), 'plan.sqlite');
  await (await openStore(`sqlite:${file}`)).close();
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const plan = (where: string) =>
      db
        .prepare(`explain query plan select id from players where ${where}`)
        .all('app', 'x')
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    expect(plan('application_id = ? and player_id = ?')).toContain('USING INDEX players_application_player_id_key (application_id=? AND player_id=?)');
    expect(plan('application_id = ? and google_sub = ?')).toContain('USING INDEX players_google_sub_application_key (google_sub=? AND application_id=?)');
  } finally {
    db.close();
  }
});
