import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOGLE_ENDPOINTS } from '../google/endpoints.js';
import { ConfigError, loadConfig, parseTokenKeys } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const KEYS = { PGS_SESSION_SECRET: KEY, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${KEY}` };

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'pgs-config-'));
}

function writeSecret(dir: string, content: unknown): string {
  const file = path.join(dir, 'client_secret.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('with nothing set: built-in emulator, embedded SQLite, generated keys with a warning', () => {
    const dir = tempDir();
    const config = loadConfig({}, dir);
    expect(config.google.mode).toBe('emulator-builtin');
    expect(config.google.emulatorPort).toBe(8090);
    expect(config.databaseUrl).toBe('sqlite:./data/pgs.sqlite');
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    const keyFile = path.join(dir, 'data', 'keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(config.warnings.join('\n')).toContain(keyFile);
    // The warning names the file, never the keys in it.
    const stored = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(config.warnings.join('\n')).not.toContain(stored.sessionSecret);
    // A second start reads the same keys back.
    const again = loadConfig({}, dir);
    expect(again.sessions.signingSecret.equals(config.sessions.signingSecret)).toBe(true);
    expect(again.tokenEncryption.keys.get('k1')?.equals(config.tokenEncryption.keys.get('k1')!)).toBe(true);
  });

  it('reads client_secret.json and derives the application ID with a warning', () => {
    const dir = tempDir();
    const file = writeSecret(dir, { web: { client_id: '123456789012-abc.apps.googleusercontent.com', client_secret: 's3cr3t' } });
    const config = loadConfig({ ...KEYS, PGS_CLIENT_SECRET_FILE: file }, dir);
    expect(config.google.mode).toBe('google');
    expect(config.google.credentials).toEqual({ clientId: '123456789012-abc.apps.googleusercontent.com', clientSecret: 's3cr3t' });
    expect(config.google.applicationId).toBe('123456789012');
    expect(config.google.endpoints).toEqual(GOOGLE_ENDPOINTS);
    expect(config.warnings.some((w) => w.includes('PGS_APPLICATION_ID'))).toBe(true);
    expect(config.warnings.join('\n')).not.toContain('s3cr3t');
  });

  it('PGS_EMULATOR_URL points every Google endpoint at the emulator', () => {
    const config = loadConfig({ ...KEYS, PGS_EMULATOR_URL: 'http://127.0.0.1:9999' }, tempDir());
    expect(config.google.mode).toBe('emulator-external');
    expect(config.google.endpoints.token).toBe('http://127.0.0.1:9999/token');
    expect(config.google.endpoints.certsJwks).toBe('http://127.0.0.1:9999/oauth2/v3/certs');
    expect(config.google.endpoints.gamesBaseUrl).toBe('http://127.0.0.1:9999/');
    expect(config.google.credentials).toBeUndefined();
  });

  it.each([
    [{ PGS_CLIENT_SECRET_FILE: '/nonexistent/client_secret.json' }, 'PGS_CLIENT_SECRET_FILE', 'cannot read'],
    [{ PORT: 'eighty' }, 'PORT', 'not an integer'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'sqlite:PATH'],
    [{ PGS_EMULATOR_URL: 'not a url' }, 'PGS_EMULATOR_URL', 'not a URL'],
    [{ PGS_APPLICATION_ID: 'my-game' }, 'PGS_APPLICATION_ID', 'numeric ID'],
    [{ PGS_SERVER_API_KEY: 'short' }, 'PGS_SERVER_API_KEY', 'too short'],
    [{ PGS_REVEAL_HIDDEN_DETAILS: 'maybe' }, 'PGS_REVEAL_HIDDEN_DETAILS', 'not a boolean'],
    [{ PGS_LOG_LEVEL: 'loud' }, 'PGS_LOG_LEVEL', 'not one of'],
  ])('refuses %j naming the setting', (env, setting, words) => {
    const error = configError(() => loadConfig({ ...KEYS, ...env }, tempDir()));
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
    expect(error.message).toContain(words);
  });

  it('reads PGS_CORS_ORIGINS: off when unset, the exact origins, or "*"', () => {
    const dir = tempDir();
    expect(loadConfig({ ...KEYS }, dir).http.cors).toBeUndefined();
    expect(loadConfig({ ...KEYS, PGS_CORS_ORIGINS: 'https://game.example.com, http://localhost:5173' }, dir).http.cors).toEqual({
      origins: ['https://game.example.com', 'http://localhost:5173'],
      credentials: false,
    });
    expect(loadConfig({ ...KEYS, PGS_CORS_ORIGINS: '*' }, dir).http.cors).toEqual({ origins: '*', credentials: false });
  });

  it.each([
    [{ PGS_CORS_ORIGINS: '*', PGS_CORS_CREDENTIALS: 'true' }, 'cannot be combined with PGS_CORS_CREDENTIALS=true'],
    [{ PGS_CORS_ORIGINS: '*,https://game.example.com' }, '"*" already allows every origin'],
    [{ PGS_CORS_ORIGINS: 'https://game.example.com/' }, 'use "https://game.example.com"'],
    [{ PGS_CORS_ORIGINS: 'https://Game.example.com' }, 'use "https://game.example.com"'],
    [{ PGS_CORS_ORIGINS: 'https://game.example.com/play' }, 'no path'],
    [{ PGS_CORS_ORIGINS: 'game.example.com' }, 'not an origin'],
    [{ PGS_CORS_ORIGINS: 'ftp://game.example.com' }, 'not an http(s) origin'],
  ])('refuses CORS settings %j naming PGS_CORS_ORIGINS and the fix', (env, words) => {
    const error = configError(() => loadConfig({ ...KEYS, ...env }, tempDir()));
    expect(error.setting).toBe('PGS_CORS_ORIGINS');
    expect(error.message).toContain('PGS_CORS_ORIGINS');
    expect(error.message).toContain(words);
  });

  it('refuses a client_secret.json of an Android ("installed") client with a hint', () => {
    const dir = tempDir();
    const file = writeSecret(dir, { installed: { client_id: '1-a.apps.googleusercontent.com' } });
    const error = configError(() => loadConfig({ ...KEYS, PGS_CLIENT_SECRET_FILE: file }, dir));
    expect(error.message).toContain('"Web application"');
  });

  it('refuses a client_secret.json without a secret, without echoing the file', () => {
    const dir = tempDir();
    const file = writeSecret(dir, { web: { client_id: '1-a.apps.googleusercontent.com' } });
    expect(configError(() => loadConfig({ ...KEYS, PGS_CLIENT_SECRET_FILE: file }, dir)).message).toContain('web.client_secret is missing');
  });

  it('reads PGS_SERVICE_ACCOUNT_FILE, and refuses a broken key file naming the field, never the key', () => {
    const dir = tempDir();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const key = { type: 'service_account', client_email: 'server@game.iam.gserviceaccount.com', private_key: pem, private_key_id: 'abc' };
    const file = path.join(dir, 'service-account.json');
    writeFileSync(file, JSON.stringify(key));
    expect(loadConfig({ ...KEYS, PGS_SERVICE_ACCOUNT_FILE: file }, dir).google.serviceAccount).toEqual({ clientEmail: key.client_email, privateKey: pem, privateKeyId: 'abc' });
    expect(loadConfig({ ...KEYS }, dir).google.serviceAccount).toBeUndefined();
    writeFileSync(file, JSON.stringify({ ...key, private_key: 'garbage' }));
    const error = configError(() => loadConfig({ ...KEYS, PGS_SERVICE_ACCOUNT_FILE: file }, dir));
    expect(error.setting).toBe('PGS_SERVICE_ACCOUNT_FILE');
    expect(error.message).toContain('"private_key" is not a PEM private key');
    writeFileSync(file, JSON.stringify({ web: { client_id: 'x' } }));
    expect(configError(() => loadConfig({ ...KEYS, PGS_SERVICE_ACCOUNT_FILE: file }, dir)).message).toContain('"type" is not "service_account"');
    expect(configError(() => loadConfig({ ...KEYS, PGS_SERVICE_ACCOUNT_FILE: path.join(dir, 'missing.json') }, dir)).message).toContain('cannot read');
  });

  it('with PostgreSQL, demands shared keys instead of generating them', () => {
    const error = configError(() => loadConfig({ DATABASE_URL: 'postgres://db/pgs' }, tempDir()));
    expect(error.setting).toBe('PGS_SESSION_SECRET');
    expect(error.message).toContain('openssl rand -base64 32');
  });

  // Regression: with PostgreSQL and no keys, start-up named PGS_SESSION_SECRET only; once it was
  // set, the next start named PGS_TOKEN_ENCRYPTION_KEYS. Every bad setting is reported at once.
  it('reports every bad setting at once, each naming its setting and fix', () => {
    const error = configError(() => loadConfig({ DATABASE_URL: 'postgres://db/pgs', PORT: 'eighty', PGS_CORS_ORIGINS: 'a.example,https://b.example/' }, tempDir()));
    expect(error.problems.map((problem) => problem.setting)).toEqual([
      'PGS_SESSION_SECRET',
      'PGS_TOKEN_ENCRYPTION_KEYS',
      'PORT',
      'PGS_CORS_ORIGINS',
      'PGS_CORS_ORIGINS',
    ]);
    expect(error.setting).toBe('PGS_SESSION_SECRET');
    expect(error.message.split('\n')).toEqual(error.problems.map((problem) => `${problem.setting}: ${problem.message}`));
    expect(error.message).toContain('openssl rand -base64 32');
    expect(error.message).toContain('use "https://b.example"');
  });

  it('refuses PGS_EMULATOR_CONFIG when no built-in emulator starts', () => {
    const error = configError(() => loadConfig({ ...KEYS, PGS_EMULATOR_URL: 'http://127.0.0.1:9', PGS_EMULATOR_CONFIG: 'seed.json' }, tempDir()));
    expect(error.setting).toBe('PGS_EMULATOR_CONFIG');
    expect(error.message).toContain('pgs emulator --config FILE');
    const dir = tempDir();
    expect(loadConfig({ ...KEYS, PGS_EMULATOR_CONFIG: 'seed.json' }, dir).google.emulatorSeedFile).toBe(path.join(dir, 'seed.json'));
  });

  it('keeps the built-in emulator\'s state under the data folder, apart from the database, unless told otherwise', () => {
    const dir = tempDir();
    expect(loadConfig({ ...KEYS }, dir).google.emulatorDataDir).toBe(path.join(dir, 'data', 'emulator'));
    expect(loadConfig({ ...KEYS, PGS_DATA_DIR: 'var' }, dir).google.emulatorDataDir).toBe(path.join(dir, 'var', 'emulator'));
    expect(loadConfig({ ...KEYS, PGS_EMULATOR_DATA_DIR: 'emu' }, dir).google.emulatorDataDir).toBe(path.join(dir, 'emu'));
    expect(loadConfig({ ...KEYS, PGS_EMULATOR_DATA_DIR: 'off' }, dir).google.emulatorDataDir).toBeUndefined();
    // An in-memory database forgets its players on exit; the emulator does the same.
    expect(loadConfig({ ...KEYS, DATABASE_URL: 'sqlite::memory:' }, dir).google.emulatorDataDir).toBeUndefined();
    expect(loadConfig({ ...KEYS, PGS_EMULATOR_URL: 'http://127.0.0.1:9' }, dir).google.emulatorDataDir).toBeUndefined();
    const error = configError(() => loadConfig({ ...KEYS, PGS_EMULATOR_URL: 'http://127.0.0.1:9', PGS_EMULATOR_DATA_DIR: 'emu' }, dir));
    expect(error.setting).toBe('PGS_EMULATOR_DATA_DIR');
    expect(error.message).toContain('pgs emulator --data DIR');
  });

  it('reads the client write policy', () => {
    const dir = tempDir();
    expect(loadConfig({ ...KEYS }, dir).achievements.clientWrites).toEqual({ mode: 'all' });
    expect(loadConfig({ ...KEYS, PGS_CLIENT_WRITES: 'none' }, dir).achievements.clientWrites).toEqual({ mode: 'none' });
    const listed = loadConfig({ ...KEYS, PGS_CLIENT_WRITES: 'CgkA, CgkB' }, dir).achievements.clientWrites;
    expect(listed.mode === 'listed' && [...listed.achievementIds]).toEqual(['CgkA', 'CgkB']);
  });
});

describe('parseTokenKeys', () => {
  it('takes the first key as current and keeps the rest for decryption', () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const keys = parseTokenKeys(`k2:${KEY},k1:${other}`);
    expect(keys.currentKeyId).toBe('k2');
    expect([...keys.keys.keys()]).toEqual(['k2', 'k1']);
  });

  it.each([
    ['k1', 'keyId'],
    [`k1:${Buffer.alloc(16).toString('base64')}`, 'at least 32'],
    [`k1:${Buffer.alloc(48, 200).toString("base64")}`, "exactly 32 bytes"],
    [`k1:${KEY},k1:${KEY}`, 'appears twice'],
  ])('refuses %s', (text, words) => {
    const error = configError(() => parseTokenKeys(text));
    expect(error.message).toContain(words);
    expect(error.message).not.toContain(KEY);
  });
});
