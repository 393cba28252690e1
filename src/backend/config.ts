/**
 * The backend's configuration: one validated object, read once at start-up (STYLE.md practice 9).
 * Deep modules receive what they need from it and never read `process.env`.
 *
 * Every bad setting stops start-up with a `ConfigError` whose message names the setting and the
 * fix. The variables of contracts §2 keep their meaning; the others are additions.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emulatorEndpoints, GOOGLE_ENDPOINTS, type GoogleEndpoints } from '../google/endpoints.js';

/** How the backend reaches Google. */
export type GoogleMode =
  /** Real Google, with the client from `PGS_CLIENT_SECRET_FILE`. */
  | 'google'
  /** An emulator already running at `PGS_EMULATOR_URL`. */
  | 'emulator-external'
  /** No credentials configured: `pgs serve` starts the built-in emulator with the demo game. */
  | 'emulator-builtin';

/** The game server's OAuth web client (the `web` part of `client_secret.json`). */
export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Which achievements game clients may write themselves (the game's own servers always may). */
export type ClientWritePolicy = { mode: 'all' } | { mode: 'none' } | { mode: 'listed'; achievementIds: ReadonlySet<string> };

export interface TokenEncryptionKeys {
  /** The key new ciphertexts are made with. */
  currentKeyId: string;
  /** Every key that may still decrypt stored tokens, by key ID. */
  keys: ReadonlyMap<string, Buffer>;
}

export interface BackendConfig {
  host: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  logLevel: string;
  google: {
    mode: GoogleMode;
    endpoints: GoogleEndpoints;
    /** Unset when the credentials are to be read from the emulator at start-up. */
    credentials: OAuthClientCredentials | undefined;
    /** The Play Games application ID; unset until credentials are known in emulator modes. */
    applicationId: string | undefined;
    /** Extra client IDs an ID token's `aud` may name (the web client is always accepted). */
    extraAudiences: readonly string[];
    /** Port of the built-in emulator (mode `emulator-builtin`). */
    emulatorPort: number;
    timeoutMs: number;
  };
  sessions: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    signingSecret: Buffer;
  };
  tokenEncryption: TokenEncryptionKeys;
  achievements: {
    clientWrites: ClientWritePolicy;
    /** Show names and descriptions of HIDDEN achievements (off: the game UI expects them hidden). */
    revealHiddenDetails: boolean;
    definitionsTtlSeconds: number;
    /** How long a write is tried at once before it is answered 202 and left to the worker. */
    sendDeadlineMs: number;
  };
  /** Key the game's own servers authenticate with; unset disables the server routes. */
  serverApiKey: string | undefined;
  http: {
    bodyLimitBytes: number;
    signInRateLimitPerMinute: number;
    trustProxy: boolean;
    /** Browser origins allowed to call the API; unset: no CORS headers at all. */
    cors: CorsSettings | undefined;
  };
  /** Things the operator should know, logged once at start-up. Never contains a secret. */
  warnings: string[];
}

/** Which web pages may call the API from a browser (`PGS_CORS_ORIGINS`, `PGS_CORS_CREDENTIALS`). */
export interface CorsSettings {
  /** `'*'`: any origin, never with credentials; otherwise the exact origins (`https://game.example.com`). */
  origins: '*' | readonly string[];
  /** Answer `Access-Control-Allow-Credentials: true` (cookies); bearer sessions do not need it. */
  credentials: boolean;
}

/** A setting is missing or wrong; the message names it and says how to fix it. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_DATABASE_URL = 'sqlite:./data/pgs.sqlite';

/** Reads and validates the configuration from `env`; relative paths resolve against `cwd`. */
export function loadConfig(env: Env, cwd: string = process.cwd()): BackendConfig {
  const warnings: string[] = [];
  const databaseUrl = nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL;
  validateDatabaseUrl(databaseUrl);
  const embedded = databaseUrl.startsWith('sqlite:');
  const dataDir = path.resolve(cwd, nonEmpty(env.PGS_DATA_DIR) ?? './data');

  const google = readGoogleSettings(env, cwd, warnings);
  const keys = readKeys(env, { embedded, dataDir, warnings });

  return {
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    port: readInt(env, 'PORT', 8080, { min: 0, max: 65535 }),
    databaseUrl,
    dataDir,
    logLevel: readEnum(env, 'PGS_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    google,
    sessions: {
      accessTokenTtlSeconds: readInt(env, 'PGS_ACCESS_TOKEN_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
      refreshTokenTtlSeconds: readInt(env, 'PGS_REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, { min: 300, max: 365 * 86_400 }),
      signingSecret: keys.sessionSecret,
    },
    tokenEncryption: keys.tokenEncryption,
    achievements: {
      clientWrites: readClientWritePolicy(env.PGS_CLIENT_WRITES),
      revealHiddenDetails: readBool(env, 'PGS_REVEAL_HIDDEN_DETAILS', false),
      definitionsTtlSeconds: readInt(env, 'PGS_DEFINITIONS_TTL_SECONDS', 300, { min: 0, max: 86_400 }),
      sendDeadlineMs: readInt(env, 'PGS_WRITE_SEND_DEADLINE_MS', 2_000, { min: 50, max: 30_000 }),
    },
    serverApiKey: readServerApiKey(env.PGS_SERVER_API_KEY),
    http: {
      bodyLimitBytes: readInt(env, 'PGS_BODY_LIMIT_BYTES', 64 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
      signInRateLimitPerMinute: readInt(env, 'PGS_SIGN_IN_RATE_LIMIT', 60, { min: 1, max: 1_000_000 }),
      trustProxy: readBool(env, 'PGS_TRUST_PROXY', false),
      cors: readCors(env, warnings),
    },
    warnings,
  };
}

function readGoogleSettings(env: Env, cwd: string, warnings: string[]): BackendConfig['google'] {
  const emulatorUrl = nonEmpty(env.PGS_EMULATOR_URL);
  const secretFile = nonEmpty(env.PGS_CLIENT_SECRET_FILE);
  const emulatorPort = readInt(env, 'PGS_EMULATOR_PORT', 8090, { min: 0, max: 65535 });
  const timeoutMs = readInt(env, 'PGS_GOOGLE_TIMEOUT_MS', 5_000, { min: 100, max: 60_000 });
  const extraAudiences = (nonEmpty(env.PGS_EXTRA_AUDIENCES) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  let mode: GoogleMode;
  let endpoints: GoogleEndpoints;
  if (emulatorUrl !== undefined) {
    mode = 'emulator-external';
    endpoints = emulatorEndpoints(parseHttpUrl('PGS_EMULATOR_URL', emulatorUrl));
  } else if (secretFile !== undefined) {
    mode = 'google';
    endpoints = GOOGLE_ENDPOINTS;
  } else {
    mode = 'emulator-builtin';
    // The real port is only known once the built-in emulator listens; the serve command fills it in.
    endpoints = emulatorEndpoints(`http://127.0.0.1:${emulatorPort}/`);
  }

  const credentials = secretFile === undefined ? undefined : readClientSecretFile(path.resolve(cwd, secretFile));
  let applicationId = nonEmpty(env.PGS_APPLICATION_ID);
  if (applicationId !== undefined && !/^\d{6,20}$/.test(applicationId)) {
    throw new ConfigError(
      'PGS_APPLICATION_ID',
      `"${applicationId}" is not a Play Games application ID; use the numeric ID shown in Play Console > Play Games Services > Configuration.`,
    );
  }
  if (applicationId === undefined && credentials !== undefined) {
    applicationId = applicationIdFromClientId(credentials.clientId);
    warnings.push(
      `PGS_APPLICATION_ID is not set; using ${applicationId}, the numeric prefix of the OAuth client ID. ` +
        'This only holds when the client lives in the Cloud project linked to the game: set PGS_APPLICATION_ID to be sure.',
    );
  }
  return { mode, endpoints, credentials, applicationId, extraAudiences, emulatorPort, timeoutMs };
}

/** The numeric project prefix of `<digits>-<random>.apps.googleusercontent.com` (Google's sample does this). */
export function applicationIdFromClientId(clientId: string): string {
  const match = /^(\d+)-/.exec(clientId);
  if (!match?.[1]) {
    throw new ConfigError(
      'PGS_APPLICATION_ID',
      'is not set and cannot be derived from the OAuth client ID; set it to the numeric application ID from Play Console.',
    );
  }
  return match[1];
}

/** Reads Google's `client_secret.json` download (`{"web": {"client_id", "client_secret", …}}`). */
export function readClientSecretFile(file: string): OAuthClientCredentials {
  const setting = 'PGS_CLIENT_SECRET_FILE';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(setting, `cannot read ${file}; point it at the client_secret.json of the game server's web OAuth client.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(setting, `${file} is not valid JSON; download client_secret.json again from the Google Cloud console.`);
  }
  const web = isRecord(parsed) ? parsed.web : undefined;
  if (!isRecord(web)) {
    const hint =
      isRecord(parsed) && 'installed' in parsed
        ? 'it holds an "installed" (Android/desktop) client; Play Games server access needs a "Web application" client.'
        : 'it has no "web" object; download the client_secret.json of a "Web application" OAuth client.';
    throw new ConfigError(setting, `${file}: ${hint}`);
  }
  const clientId = web.client_id;
  const clientSecret = web.client_secret;
  if (typeof clientId !== 'string' || clientId === '') {
    throw new ConfigError(setting, `${file}: web.client_id is missing.`);
  }
  if (typeof clientSecret !== 'string' || clientSecret === '') {
    throw new ConfigError(setting, `${file}: web.client_secret is missing.`);
  }
  return { clientId, clientSecret };
}

interface Keys {
  sessionSecret: Buffer;
  tokenEncryption: TokenEncryptionKeys;
}

/**
 * Session signing and token encryption keys. With PostgreSQL several instances share one store,
 * so the keys must come from the environment; in embedded (SQLite) mode a key file is generated
 * under the data folder once, with a warning, so that `npm start` works with nothing configured.
 */
function readKeys(env: Env, options: { embedded: boolean; dataDir: string; warnings: string[] }): Keys {
  const sessionSecretText = nonEmpty(env.PGS_SESSION_SECRET);
  const tokenKeysText = nonEmpty(env.PGS_TOKEN_ENCRYPTION_KEYS);
  const sessionSecret = sessionSecretText === undefined ? undefined : decodeKey('PGS_SESSION_SECRET', sessionSecretText);
  const tokenEncryption = tokenKeysText === undefined ? undefined : parseTokenKeys(tokenKeysText);
  if (sessionSecret && tokenEncryption) return { sessionSecret, tokenEncryption };

  if (!options.embedded) {
    const missing = sessionSecret ? 'PGS_TOKEN_ENCRYPTION_KEYS' : 'PGS_SESSION_SECRET';
    throw new ConfigError(
      missing,
      'is required with PostgreSQL, because every instance must share the same keys. ' +
        (missing === 'PGS_SESSION_SECRET'
          ? 'Generate one with `openssl rand -base64 32`.'
          : 'Set it to "k1:<key>" where <key> comes from `openssl rand -base64 32`.'),
    );
  }
  const generated = loadOrCreateKeyFile(options.dataDir, options.warnings);
  return {
    sessionSecret: sessionSecret ?? generated.sessionSecret,
    tokenEncryption: tokenEncryption ?? generated.tokenEncryption,
  };
}

const KEY_FILE = 'keys.json';

function loadOrCreateKeyFile(dataDir: string, warnings: string[]): Keys {
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const fresh = {
      sessionSecret: randomBytes(32).toString('base64'),
      tokenEncryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
    };
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  warnings.push(
    `PGS_SESSION_SECRET / PGS_TOKEN_ENCRYPTION_KEYS are not set; using the generated key file ${file}. ` +
      'Keep it with the database (losing it logs everyone out and makes stored Google tokens unreadable), ' +
      'and set both variables in production.',
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError('PGS_DATA_DIR', `${file} is not valid JSON; restore it from a backup, or delete it to start over (stored Google tokens are then lost).`);
  }
  if (!isRecord(parsed) || typeof parsed.sessionSecret !== 'string' || typeof parsed.tokenEncryptionKeys !== 'string') {
    throw new ConfigError('PGS_DATA_DIR', `${file} lacks sessionSecret or tokenEncryptionKeys; restore it from a backup.`);
  }
  return {
    sessionSecret: decodeKey('PGS_DATA_DIR', parsed.sessionSecret),
    tokenEncryption: parseTokenKeys(parsed.tokenEncryptionKeys),
  };
}

/** `kid:base64[,kid:base64…]`; the first key is the current one, the rest only decrypt. */
export function parseTokenKeys(text: string): TokenEncryptionKeys {
  const setting = 'PGS_TOKEN_ENCRYPTION_KEYS';
  const keys = new Map<string, Buffer>();
  let currentKeyId: string | undefined;
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const separator = part.indexOf(':');
    const keyId = separator > 0 ? part.slice(0, separator) : '';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) {
      throw new ConfigError(setting, 'each key must be written "<keyId>:<base64 key>", e.g. "k2:…,k1:…" with the current key first.');
    }
    if (keys.has(keyId)) throw new ConfigError(setting, `key ID "${keyId}" appears twice.`);
    const key = decodeKey(setting, part.slice(separator + 1));
    if (key.length !== 32) {
      throw new ConfigError(setting, `key "${keyId}" must be exactly 32 bytes (AES-256); generate one with \`openssl rand -base64 32\`.`);
    }
    keys.set(keyId, key);
    currentKeyId ??= keyId;
  }
  if (currentKeyId === undefined) throw new ConfigError(setting, 'holds no key; set it to "k1:<base64 key>".');
  return { currentKeyId, keys };
}

function decodeKey(setting: string, text: string): Buffer {
  const key = /^[0-9a-fA-F]{64,}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) {
    throw new ConfigError(setting, 'must be at least 32 random bytes, base64 or hex; generate one with `openssl rand -base64 32`.');
  }
  return key;
}

function readClientWritePolicy(text: string | undefined): ClientWritePolicy {
  const value = nonEmpty(text);
  if (value === undefined || value === 'all') return { mode: 'all' };
  if (value === 'none') return { mode: 'none' };
  const achievementIds = new Set(value.split(',').map((s) => s.trim()).filter(Boolean));
  if (achievementIds.size === 0) {
    throw new ConfigError('PGS_CLIENT_WRITES', 'must be "all", "none", or a comma-separated list of achievement IDs.');
  }
  return { mode: 'listed', achievementIds };
}

/**
 * `PGS_CORS_ORIGINS`: `*`, or a comma-separated list of origins written as browsers send them in
 * the `Origin` header (scheme, host, optional port; no path, no trailing slash), since an origin is
 * matched exactly. A wildcard never goes with credentials: browsers refuse that answer (Fetch
 * standard, https://fetch.spec.whatwg.org/#cors-protocol-and-credentials), and it would let any
 * site act for the signed-in user.
 */
function readCors(env: Env, warnings: string[]): CorsSettings | undefined {
  const setting = 'PGS_CORS_ORIGINS';
  const credentials = readBool(env, 'PGS_CORS_CREDENTIALS', false);
  const text = nonEmpty(env[setting]);
  if (text === undefined) {
    if (credentials) warnings.push('PGS_CORS_CREDENTIALS is set but PGS_CORS_ORIGINS is not, so CORS stays off; set PGS_CORS_ORIGINS to the origins of your web pages.');
    return undefined;
  }
  const listed = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (listed.includes('*')) {
    if (listed.length > 1) throw new ConfigError(setting, '"*" already allows every origin; set either "*" alone or a list of origins.');
    if (credentials) {
      throw new ConfigError(
        setting,
        '"*" cannot be combined with PGS_CORS_CREDENTIALS=true (browsers refuse it, and any site could act for the signed-in user); ' +
          'list the origins instead, e.g. PGS_CORS_ORIGINS=https://game.example.com, or unset PGS_CORS_CREDENTIALS.',
      );
    }
    return { origins: '*', credentials };
  }
  return { origins: listed.map((origin) => parseOrigin(setting, origin)), credentials };
}

function parseOrigin(setting: string, text: string): string {
  const example = 'e.g. https://game.example.com or http://localhost:5173';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(setting, `"${text}" is not an origin; write scheme, host and optional port, ${example}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(setting, `"${text}" is not an http(s) origin; ${example}.`);
  }
  if (url.origin !== text) {
    throw new ConfigError(setting, `"${text}" is not written as browsers send it (no path, no trailing slash, lowercase host); use "${url.origin}".`);
  }
  return text;
}

function readServerApiKey(text: string | undefined): string | undefined {
  const value = nonEmpty(text);
  if (value !== undefined && value.length < 24) {
    throw new ConfigError('PGS_SERVER_API_KEY', 'is too short to be safe; use at least 24 random characters, e.g. `openssl rand -base64 32`.');
  }
  return value;
}

function validateDatabaseUrl(url: string): void {
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) return;
  if (/^postgres(ql)?:\/\/./.test(url)) return;
  throw new ConfigError('DATABASE_URL', 'must be "sqlite:PATH", "sqlite::memory:" or "postgres://user@host:port/db".');
}

function parseHttpUrl(setting: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(setting, `"${value}" is not a URL; use e.g. http://127.0.0.1:8090.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(setting, `must be an http(s) URL, e.g. http://127.0.0.1:8090.`);
  }
  return url.href;
}

function readInt(env: Env, setting: string, fallback: number, range: { min: number; max: number }): number {
  const text = nonEmpty(env[setting]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(setting, `"${text}" is not an integer between ${range.min} and ${range.max}.`);
  }
  return value;
}

function readBool(env: Env, setting: string, fallback: boolean): boolean {
  const text = nonEmpty(env[setting])?.toLowerCase();
  if (text === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(setting, `"${text}" is not a boolean; use true or false.`);
}

function readEnum<T extends string>(env: Env, setting: string, allowed: readonly T[], fallback: T): T {
  const text = nonEmpty(env[setting]);
  if (text === undefined) return fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new ConfigError(setting, `"${text}" is not one of ${allowed.join(', ')}.`);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
