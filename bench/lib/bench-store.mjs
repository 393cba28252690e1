/**
 * A throwaway store for one benchmark run: a SQLite file in a temp folder, or a PostgreSQL
 * database of its own (created and dropped), so runs stay independent and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';
import pg from 'pg';

/** PostgreSQL for benchmarks: TEST_DATABASE_URL, else this machine's default. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `fn(storeEnv)` with `{ DATABASE_URL }` naming a fresh store of `kind` ('sqlite' | 'postgres'). */
export async function withBenchStore(kind, fn) {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'pgs-bench-'));
    try {
      return await fn({ DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const name = `pgs_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return await fn({ DATABASE_URL: url.href });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
