import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrateCommand } from './migrate-command.js';
import { dropSchema, randomTestSchema, testDatabaseUrl } from './test-support/postgres-test-schema.js';
import { STORE_MIGRATIONS } from './migrations/index.js';

/** What `pgs migrate` prints for each migration it applies to an empty database. */
const APPLIED = STORE_MIGRATIONS.map((m) => `pgs migrate: applied ${m.name}\n`).join('');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: (env: Record<string, string | undefined>) => ({
      env,
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
    }),
  };
}

describe('pgs migrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgs-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the migrations to DATABASE_URL, then finds nothing to do', async () => {
    const url = `sqlite:${join(dir, 'sub', 'pgs.sqlite')}`;
    const first = capture();
    expect(await runMigrateCommand([], first.io({ DATABASE_URL: url }))).toBe(0);
    expect(first.out.join('')).toBe(`${APPLIED}pgs migrate: ${url} is up to date (${STORE_MIGRATIONS.length} applied)\n`);
    const second = capture();
    expect(await runMigrateCommand([], second.io({ DATABASE_URL: url }))).toBe(0);
    expect(second.out.join('')).toBe(`pgs migrate: ${url} is up to date\n`);
    expect([...first.err, ...second.err]).toEqual([]);
  });

  it('defaults to sqlite:./data/pgs.sqlite', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const run = capture();
      expect(await runMigrateCommand([], run.io({}))).toBe(0);
      expect(run.out.join('')).toContain('sqlite:./data/pgs.sqlite is up to date');
    } finally {
      process.chdir(cwd);
    }
  });

  it('fails with exit code 1 and the accepted forms on a bad DATABASE_URL', async () => {
    const run = capture();
    expect(await runMigrateCommand([], run.io({ DATABASE_URL: 'oracle://x' }))).toBe(1);
    expect(run.err.join('')).toMatch(/^pgs migrate: DATABASE_URL "oracle:\/\/x" is not supported; accepted forms: /);
    expect(run.out).toEqual([]);
  });

  it('refuses unknown arguments with the usage, and prints it for --help', async () => {
    const bad = capture();
    expect(await runMigrateCommand(['--force'], bad.io({}))).toBe(1);
    expect(bad.err.join('')).toContain('unexpected argument "--force"');
    const noSchema = capture();
    expect(await runMigrateCommand(['--schema'], noSchema.io({}))).toBe(1);
    expect(noSchema.err.join('')).toMatch(/^pgs migrate: --schema needs a schema name\n\nUsage: pgs migrate/);
    const help = capture();
    expect(await runMigrateCommand(['--help'], help.io({}))).toBe(0);
    expect(help.out.join('')).toContain('Usage: pgs migrate');
  });

  it.skipIf(testDatabaseUrl() === undefined)('migrates a PostgreSQL schema (TEST_DATABASE_URL)', async () => {
    const url = testDatabaseUrl() ?? '';
    const schema = randomTestSchema();
    try {
      const run = capture();
      expect(await runMigrateCommand(['--schema', schema], run.io({ DATABASE_URL: url }))).toBe(0);
      expect(run.out.join('')).toBe(
        `${APPLIED}pgs migrate: ${url} (schema ${schema}) is up to date (${STORE_MIGRATIONS.length} applied)\n`,
      );
    } finally {
      await dropSchema(url, schema);
    }
  });
});
