/**
 * `pgs migrate`: applies the store's pending migrations to DATABASE_URL and says what it did.
 * `openStore` migrates at start-up too; this command is for deployments that migrate first.
 */
import { parseFlags, UsageError } from '../cli-flags.js';
import { DEFAULT_DATABASE_URL, redactDatabaseUrl } from './database-url.js';
import { migrateDatabase } from './open-store.js';

const USAGE = `Usage: pgs migrate [--schema NAME]

Applies the store's pending migrations to the database named by DATABASE_URL
(default ${DEFAULT_DATABASE_URL}) and exits.

  --schema NAME   PostgreSQL only: the schema the store lives in (created if missing)
`;

/** Where the command reads its settings and writes its output; the process's own by default. */
export interface MigrateCommandIo {
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Runs `pgs migrate`; resolves with the process exit code. */
export async function runMigrateCommand(args: string[], io?: Partial<MigrateCommandIo>): Promise<number> {
  const env = io?.env ?? process.env;
  const stdout = io?.stdout ?? process.stdout;
  const stderr = io?.stderr ?? process.stderr;

  let schema: string | undefined;
  try {
    const flags = parseFlags(
      args,
      { schema: { type: 'string', missing: '--schema needs a schema name' }, help: { type: 'boolean', short: 'h' } },
      (arg) => `unexpected argument "${arg}"`,
    );
    if (flags.help === true) {
      stdout.write(USAGE);
      return 0;
    }
    schema = flags.schema;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`pgs migrate: ${error.message}\n\n${USAGE}`);
    return 1;
  }

  const url = env.DATABASE_URL !== undefined && env.DATABASE_URL !== '' ? env.DATABASE_URL : DEFAULT_DATABASE_URL;
  try {
    const report = await migrateDatabase(url, schema !== undefined ? { schema } : {});
    const where = redactDatabaseUrl(url) + (schema !== undefined ? ` (schema ${schema})` : '');
    if (report.applied.length === 0) {
      stdout.write(`pgs migrate: ${where} is up to date\n`);
    } else {
      for (const name of report.applied) stdout.write(`pgs migrate: applied ${name}\n`);
      stdout.write(`pgs migrate: ${where} is up to date (${report.applied.length} applied)\n`);
    }
    return 0;
  } catch (error) {
    stderr.write(`pgs migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
