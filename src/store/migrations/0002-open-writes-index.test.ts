import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.js';

// Regression: a player's open writes were found by scanning every write they ever made (the
// (player_ref, id) index), so the send-at-once claim and the read overlay slowed down with the
// player's history. They must seek the open ones through (player_ref, status, id).
it('finds a player’s open writes through (player_ref, status, id), not through their whole history', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgs-0002-')), 'plan.sqlite');
  await (await openStore(`sqlite:${file}`)).close();
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const plan = (sql: string, ...params: unknown[]) =>
      db
        .prepare(`explain query plan ${sql}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    const open = 'select * from achievement_writes where player_ref = ? and status in (?, ?)';
    expect(plan(`${open} order by id`, 'p', 'pending', 'in_flight')).toContain('USING INDEX achievement_writes_player_status_id_idx (player_ref=? AND status=?)');
    expect(plan(`${open} and (id <= ? or status = ?) order by id`, 'p', 'pending', 'in_flight', 9, 'in_flight')).toContain(
      'USING INDEX achievement_writes_player_status_id_idx (player_ref=? AND status=?)',
    );
  } finally {
    db.close();
  }
});
