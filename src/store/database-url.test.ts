import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/pgs.sqlite', { dialect: 'sqlite', path: './data/pgs.sqlite', memory: false }],
    ['sqlite:/var/lib/pgs/store.db', { dialect: 'sqlite', path: '/var/lib/pgs/store.db', memory: false }],
    ['sqlite://relative/file.db', { dialect: 'sqlite', path: 'relative/file.db', memory: false }],
    ['sqlite::memory:', { dialect: 'sqlite', path: ':memory:', memory: true }],
    ['postgres://u:p@db:5432/pgs', { dialect: 'postgres', connectionString: 'postgres://u:p@db:5432/pgs' }],
    ['postgresql://db/pgs?sslmode=require', { dialect: 'postgres', connectionString: 'postgresql://db/pgs?sslmode=require' }],
  ])('accepts %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it.each(['', '   ', 'sqlite:', 'mysql://u@h/db', './data/pgs.sqlite', 'postgres://', 'http://example.test'])(
    'refuses %j with an error naming DATABASE_URL and the accepted forms',
    (url) => {
      let caught: unknown;
      try {
        parseDatabaseUrl(url);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DatabaseUrlError);
      expect(caught).toMatchObject({ code: 'INVALID_DATABASE_URL' });
      const message = (caught as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('sqlite:PATH');
      expect(message).toContain('sqlite::memory:');
      expect(message).toContain('postgres://');
    },
  );

  it('never echoes a password in its error', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(/mysql:\/\/root:\*\*\*@db\/x/);
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).not.toThrow(/hunter2/);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://pgs:s3cret@db.internal:5432/pgs')).toBe('postgres://pgs:***@db.internal:5432/pgs');
    expect(redactDatabaseUrl('postgres://pgs@db/pgs')).toBe('postgres://pgs@db/pgs');
    expect(redactDatabaseUrl('sqlite:./data/pgs.sqlite')).toBe('sqlite:./data/pgs.sqlite');
  });
});
