/**
 * Parses `DATABASE_URL` (README.md, 'Configuration'): `sqlite:PATH`, `sqlite::memory:`, or a PostgreSQL
 * connection URL (`postgres://…`, `postgresql://…`).
 */
import type { StoreDialect } from './store.js';

/** Where a store lives, parsed from a database URL. */
export type DatabaseLocation =
  | { dialect: Extract<StoreDialect, 'sqlite'>; path: string; memory: boolean }
  | { dialect: Extract<StoreDialect, 'postgres'>; connectionString: string };

/** The default of `DATABASE_URL`: the embedded SQLite file. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/pgs.sqlite';

const ACCEPTED_FORMS =
  'accepted forms: sqlite:PATH (e.g. sqlite:./data/pgs.sqlite), sqlite::memory:, ' +
  'postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or postgresql://…)';

/** Thrown for a database URL the store cannot use; names `DATABASE_URL` and the accepted forms. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
  readonly code = 'INVALID_DATABASE_URL';
}

/** Parses a database URL, or throws `DatabaseUrlError`. Never echoes a password. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (trimmed === '') {
    throw new DatabaseUrlError(`DATABASE_URL is empty; ${ACCEPTED_FORMS}`);
  }
  if (trimmed.startsWith('sqlite:')) {
    const rest = trimmed.slice('sqlite:'.length);
    if (rest === ':memory:') return { dialect: 'sqlite', path: ':memory:', memory: true };
    // Also accept the URL-ish spelling sqlite://PATH that other tools write.
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') {
      throw new DatabaseUrlError(`DATABASE_URL "sqlite:" names no file; ${ACCEPTED_FORMS}`);
    }
    return { dialect: 'sqlite', path, memory: false };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL is not a valid PostgreSQL URL; ${ACCEPTED_FORMS}`);
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      throw new DatabaseUrlError(`DATABASE_URL names no PostgreSQL host; ${ACCEPTED_FORMS}`);
    }
    return { dialect: 'postgres', connectionString: trimmed };
  }
  throw new DatabaseUrlError(`DATABASE_URL "${redact(trimmed)}" is not supported; ${ACCEPTED_FORMS}`);
}

/** The URL with any password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return redact(url);
}

function redact(url: string): string {
  // user:password@ → user:***@ ; anything unparseable is cut short rather than echoed whole.
  const replaced = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
  return replaced.length > 120 ? `${replaced.slice(0, 120)}…` : replaced;
}
