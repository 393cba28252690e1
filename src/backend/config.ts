/**
 * The backend's configuration: one validated object, read once at start-up, so that a bad setting
 * fails at start rather than on the first request that needs it. Deep modules receive what they
 * need from it and never read `process.env`, so tests configure them by passing values.
 *
 * Bad settings stop start-up with one `ConfigError` listing them all, each naming the setting and
 * the fix. Only the variables of `config-variables.ts` are read; each is documented, with its
 * default, in README.md, 'Configuration', and printed by `pgs serve --help`.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emulatorEndpoints, GOOGLE_ENDPOINTS, type GoogleEndpoints } from '../google/endpoints.js';
import { parseServiceAccountKey, ServiceAccountKeyError, type ServiceAccountKey } from '../google/service-account.js';
import type { ConfigVariableName } from './config-variables.js';
import { parseScorePolicies, ScorePolicyError, type ScorePolicies } from './leaderboards/score-policy.js';
import { LOG_FORMAT_SETTINGS, type LogFormatSetting } from '../log-format.js';

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
  /** How log lines are written (`../log-format.ts`, `logFormatFor`). */
  logFormat: LogFormatSetting;
  google: {
    mode: GoogleMode;
    endpoints: GoogleEndpoints;
    /** Unset when the credentials are to be read from the emulator at start-up. */
    credentials: OAuthClientCredentials | undefined;
    /**
     * The game's service account, for the Recall API (`PGS_SERVICE_ACCOUNT_FILE`; in emulator
     * modes the emulator's key, filled in at start-up). Unset: Recall is off.
     */
    serviceAccount: ServiceAccountKey | undefined;
    /** The Play Games application ID; unset until credentials are known in emulator modes. */
    applicationId: string | undefined;
    /** Extra client IDs an ID token's `aud` may name (the web client is always accepted). */
    extraAudiences: readonly string[];
    /** Port of the built-in emulator (mode `emulator-builtin`). */
    emulatorPort: number;
    /** Seed file of the built-in emulator (`PGS_EMULATOR_CONFIG`); unset: the demo game. */
    emulatorSeedFile: string | undefined;
    /** Where the built-in emulator keeps its state (`PGS_EMULATOR_DATA_DIR`); unset: in memory only. */
    emulatorDataDir?: string | undefined;
    timeoutMs: number;
  };
  sessions: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** How long a just-rotated refresh token may be presented again (sessions/session-service.ts). */
    refreshReuseGraceSeconds: number;
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
  leaderboards: {
    /** How long a board's top page (and the list of boards) is served from the per-process cache. */
    cacheTtlSeconds: number;
    /** `PGS_SCORE_POLICY`: per-board score rules (`leaderboards/score-policy.ts`). */
    policies: ScorePolicies;
    /** `PGS_LEADERBOARD_MODERATOR`: a Play Console account of the game whose grant hides players. */
    moderatorPlayerId: string | undefined;
  };
  /** Key the game's own servers authenticate with; unset disables the server routes. */
  serverApiKey: string | undefined;
  http: {
    bodyLimitBytes: number;
    signInRateLimitPerMinute: number;
    trustProxy: boolean;
    /** Browser origins allowed to call the API; unset: no CORS headers at all. */
    cors: CorsSettings | undefined;
    /** A Redis the instances share for rate limits (`REDIS_URL`); unset: each process counts alone. */
    redisUrl: string | undefined;
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

/** One bad setting: its name, and what is wrong with it and how to fix it. */
export interface ConfigProblem {
  setting: string;
  message: string;
}

/**
 * The configuration cannot be used. `problems` holds every bad setting found, so that one start-up
 * reports them all; `setting` and the start of `message` are the first one's.
 */
export class ConfigError extends Error {
  readonly setting: string;
  readonly problems: readonly ConfigProblem[];
  constructor(setting: string, message: string, ...more: readonly ConfigProblem[]) {
    const problems = [{ setting, message }, ...more];
    super(problems.map((problem) => `${problem.setting}: ${problem.message}`).join('\n'));
    this.name = 'ConfigError';
    this.setting = setting;
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_DATABASE_URL = 'sqlite:./data/pgs.sqlite';

/**
 * Reads the environment by the names of `CONFIG_VARIABLES` only, and keeps every problem instead
 * of stopping at the first: a reader that meets a bad value records it and returns the default,
 * which is never used, since `loadConfig` then throws them all.
 */
class EnvReader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly env: Env) {}

  text(name: ConfigVariableName): string | undefined {
    return nonEmpty(this.env[name]);
  }

  problem(setting: string, message: string): void {
    this.problems.push({ setting, message });
  }

  /** Runs a parser that throws `ConfigError`; its problems are kept and `undefined` is returned. */
  attempt<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.problems.push(...error.problems);
      return undefined;
    }
  }

  int(name: ConfigVariableName, fallback: number, range: { min: number; max: number }): number {
    const text = this.text(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (Number.isInteger(value) && value >= range.min && value <= range.max) return value;
    this.problem(name, `"${text}" is not an integer between ${range.min} and ${range.max}.`);
    return fallback;
  }

  bool(name: ConfigVariableName, fallback: boolean): boolean {
    const text = this.text(name)?.toLowerCase();
    if (text === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    this.problem(name, `"${text}" is not a boolean; use true or false.`);
    return fallback;
  }

  oneOf<T extends string>(name: ConfigVariableName, allowed: readonly T[], fallback: T): T {
    const text = this.text(name);
    if (text === undefined) return fallback;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.problem(name, `"${text}" is not one of ${allowed.join(', ')}.`);
    return fallback;
  }
}

/**
 * Reads and validates the configuration from `env`; relative paths resolve against `cwd`.
 * Throws one `ConfigError` listing every bad setting.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): BackendConfig {
  const read = new EnvReader(env);
  const warnings: string[] = [];
  const databaseUrl = read.text('DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  read.attempt(() => validateDatabaseUrl(databaseUrl));
  const embedded = databaseUrl.startsWith('sqlite:');
  const dataDir = path.resolve(cwd, read.text('PGS_DATA_DIR') ?? './data');

  const google = readGoogleSettings(read, cwd, warnings);
  google.emulatorDataDir = readEmulatorDataDir(read, { cwd, dataDir, databaseUrl, mode: google.mode });
  const keys = readKeys(read, { embedded, dataDir, warnings });

  const config: BackendConfig = {
    host: read.text('HOST') ?? '127.0.0.1',
    port: read.int('PORT', 8080, { min: 0, max: 65535 }),
    databaseUrl,
    dataDir,
    logLevel: read.oneOf('PGS_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    logFormat: read.oneOf('PGS_LOG_FORMAT', LOG_FORMAT_SETTINGS, 'auto'),
    google,
    sessions: {
      accessTokenTtlSeconds: read.int('PGS_ACCESS_TOKEN_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
      refreshTokenTtlSeconds: read.int('PGS_REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, { min: 300, max: 365 * 86_400 }),
      refreshReuseGraceSeconds: read.int('PGS_REFRESH_REUSE_GRACE_SECONDS', 10, { min: 0, max: 300 }),
      signingSecret: keys.sessionSecret,
    },
    tokenEncryption: keys.tokenEncryption,
    achievements: {
      clientWrites: read.attempt(() => readClientWritePolicy(read.text('PGS_CLIENT_WRITES'))) ?? { mode: 'all' },
      revealHiddenDetails: read.bool('PGS_REVEAL_HIDDEN_DETAILS', false),
      definitionsTtlSeconds: read.int('PGS_DEFINITIONS_TTL_SECONDS', 300, { min: 0, max: 86_400 }),
      sendDeadlineMs: read.int('PGS_WRITE_SEND_DEADLINE_MS', 2_000, { min: 50, max: 30_000 }),
    },
    leaderboards: {
      cacheTtlSeconds: read.int('PGS_LEADERBOARD_CACHE_TTL_SECONDS', 30, { min: 0, max: 3_600 }),
      policies: read.attempt(() => readScorePolicies(read.text('PGS_SCORE_POLICY'))) ?? {},
      moderatorPlayerId: read.text('PGS_LEADERBOARD_MODERATOR'),
    },
    serverApiKey: read.attempt(() => readServerApiKey(read.text('PGS_SERVER_API_KEY'))),
    http: {
      bodyLimitBytes: read.int('PGS_BODY_LIMIT_BYTES', 64 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
      signInRateLimitPerMinute: read.int('PGS_SIGN_IN_RATE_LIMIT', 60, { min: 1, max: 1_000_000 }),
      trustProxy: read.bool('PGS_TRUST_PROXY', false),
      cors: readCors(read, warnings),
      redisUrl: readRedisUrl(read),
    },
    warnings,
  };
  const [first, ...more] = read.problems;
  if (first !== undefined) throw new ConfigError(first.setting, first.message, ...more);
  return config;
}

/** `REDIS_URL`: a redis:// or rediss:// URL, or unset. */
function readRedisUrl(read: EnvReader): string | undefined {
  const text = read.text('REDIS_URL');
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    read.problem('REDIS_URL', 'is not a Redis URL; use redis://HOST:PORT (or rediss:// for TLS), e.g. redis://127.0.0.1:6379.');
    return undefined;
  }
  return text;
}

function readGoogleSettings(read: EnvReader, cwd: string, warnings: string[]): BackendConfig['google'] {
  const emulatorUrl = read.text('PGS_EMULATOR_URL');
  const secretFile = read.text('PGS_CLIENT_SECRET_FILE');
  const emulatorPort = read.int('PGS_EMULATOR_PORT', 8090, { min: 0, max: 65535 });
  const timeoutMs = read.int('PGS_GOOGLE_TIMEOUT_MS', 5_000, { min: 100, max: 60_000 });
  const extraAudiences = (read.text('PGS_EXTRA_AUDIENCES') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  let mode: GoogleMode;
  let endpoints: GoogleEndpoints;
  if (emulatorUrl !== undefined) {
    mode = 'emulator-external';
    endpoints = emulatorEndpoints(read.attempt(() => parseHttpUrl('PGS_EMULATOR_URL', emulatorUrl)) ?? 'http://127.0.0.1/');
  } else if (secretFile !== undefined) {
    mode = 'google';
    endpoints = GOOGLE_ENDPOINTS;
  } else {
    mode = 'emulator-builtin';
    // The real port is only known once the built-in emulator listens; the serve command fills it in.
    endpoints = emulatorEndpoints(`http://127.0.0.1:${emulatorPort}/`);
  }

  const seedFile = read.text('PGS_EMULATOR_CONFIG');
  if (seedFile !== undefined && mode !== 'emulator-builtin') {
    read.problem(
      'PGS_EMULATOR_CONFIG',
      `seeds the built-in emulator, which does not start when ${mode === 'google' ? 'PGS_CLIENT_SECRET_FILE' : 'PGS_EMULATOR_URL'} is set; ` +
        (mode === 'google' ? 'unset one of the two.' : 'seed that emulator with `pgs emulator --config FILE` instead.'),
    );
  }
  const emulatorSeedFile = seedFile === undefined ? undefined : path.resolve(cwd, seedFile);

  const credentials = secretFile === undefined ? undefined : read.attempt(() => readClientSecretFile(path.resolve(cwd, secretFile)));
  const serviceAccountFile = read.text('PGS_SERVICE_ACCOUNT_FILE');
  const serviceAccount = serviceAccountFile === undefined ? undefined : read.attempt(() => readServiceAccountFile(path.resolve(cwd, serviceAccountFile)));
  let applicationId = read.text('PGS_APPLICATION_ID');
  if (applicationId !== undefined && !/^\d{6,20}$/.test(applicationId)) {
    read.problem(
      'PGS_APPLICATION_ID',
      `"${applicationId}" is not a Play Games application ID; use the numeric ID shown in Play Console > Play Games Services > Configuration.`,
    );
  }
  if (applicationId === undefined && credentials !== undefined) {
    applicationId = read.attempt(() => applicationIdFromClientId(credentials.clientId));
    if (applicationId !== undefined) {
      warnings.push(
        `PGS_APPLICATION_ID is not set; using ${applicationId}, the numeric prefix of the OAuth client ID. ` +
          'This only holds when the client lives in the Cloud project linked to the game: set PGS_APPLICATION_ID to be sure.',
      );
    }
  }
  return { mode, endpoints, credentials, serviceAccount, applicationId, extraAudiences, emulatorPort, emulatorSeedFile, timeoutMs };
}

/** Reads a service account's JSON key file (Cloud console → IAM → Service accounts → Keys → JSON). */
export function readServiceAccountFile(file: string): ServiceAccountKey {
  const setting = 'PGS_SERVICE_ACCOUNT_FILE';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(setting, `cannot read ${file}; point it at the JSON key of the game's service account.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(setting, `${file} is not valid JSON; download the service account's key (JSON) again from the Google Cloud console.`);
  }
  try {
    return parseServiceAccountKey(parsed);
  } catch (error) {
    if (error instanceof ServiceAccountKeyError) throw new ConfigError(setting, `${file}: ${error.message}.`);
    throw error;
  }
}

/**
 * The built-in emulator keeps its state beside the backend's (under the data folder), so that a
 * restart of `npm start` keeps both: the players the store remembers still have their grants at
 * the emulator. An in-memory database forgets its players, and so, by default, does the emulator.
 */
function readEmulatorDataDir(
  read: EnvReader,
  options: { cwd: string; dataDir: string; databaseUrl: string; mode: GoogleMode },
): string | undefined {
  const value = read.text('PGS_EMULATOR_DATA_DIR');
  if (value === 'off') return undefined;
  if (value !== undefined) {
    if (options.mode !== 'emulator-builtin') {
      read.problem(
        'PGS_EMULATOR_DATA_DIR',
        'is where the built-in emulator keeps its state, and it does not start when ' +
          `${options.mode === 'google' ? 'PGS_CLIENT_SECRET_FILE' : 'PGS_EMULATOR_URL'} is set; ` +
          (options.mode === 'google' ? 'unset one of the two.' : 'start that emulator with `pgs emulator --data DIR` instead.'),
      );
      return undefined;
    }
    return path.resolve(options.cwd, value);
  }
  if (options.mode !== 'emulator-builtin' || options.databaseUrl === 'sqlite::memory:') return undefined;
  return path.join(options.dataDir, 'emulator');
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

/** Stands in for keys that could not be read; the configuration is then refused, never used. */
const REFUSED_KEYS: Keys = { sessionSecret: Buffer.alloc(0), tokenEncryption: { currentKeyId: '', keys: new Map() } };

/**
 * Session signing and token encryption keys. With PostgreSQL several instances share one store,
 * so the keys must come from the environment; in embedded (SQLite) mode a key file is generated
 * under the data folder once, with a warning, so that `npm start` works with nothing configured.
 */
function readKeys(read: EnvReader, options: { embedded: boolean; dataDir: string; warnings: string[] }): Keys {
  const sessionSecretText = read.text('PGS_SESSION_SECRET');
  const tokenKeysText = read.text('PGS_TOKEN_ENCRYPTION_KEYS');
  const sessionSecret = sessionSecretText === undefined ? undefined : read.attempt(() => decodeKey('PGS_SESSION_SECRET', sessionSecretText));
  const tokenEncryption = tokenKeysText === undefined ? undefined : read.attempt(() => parseTokenKeys(tokenKeysText));
  if (sessionSecret && tokenEncryption) return { sessionSecret, tokenEncryption };
  const unreadable = (sessionSecretText !== undefined && !sessionSecret) || (tokenKeysText !== undefined && !tokenEncryption);

  if (!options.embedded) {
    const shared = 'is required with PostgreSQL, because every instance must share the same keys. ';
    if (sessionSecretText === undefined) read.problem('PGS_SESSION_SECRET', `${shared}Generate one with \`openssl rand -base64 32\`.`);
    if (tokenKeysText === undefined) {
      read.problem('PGS_TOKEN_ENCRYPTION_KEYS', `${shared}Set it to "k1:<key>" where <key> comes from \`openssl rand -base64 32\`.`);
    }
    return REFUSED_KEYS;
  }
  if (unreadable) return REFUSED_KEYS;
  const generated = read.attempt(() => loadOrCreateKeyFile(options.dataDir, options.warnings));
  if (!generated) return REFUSED_KEYS;
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
    // Said once, when the file is made: repeated on every start it became noise nobody reads.
    warnings.push(
      `PGS_SESSION_SECRET / PGS_TOKEN_ENCRYPTION_KEYS are not set; generated the key file ${file}. ` +
        'Keep it with the database (losing it logs everyone out and makes stored Google tokens unreadable), ' +
        'and set both variables in production.',
    );
  }
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

function readScorePolicies(text: string | undefined): ScorePolicies {
  try {
    return parseScorePolicies(text);
  } catch (error) {
    if (error instanceof ScorePolicyError) throw new ConfigError('PGS_SCORE_POLICY', error.message);
    throw error;
  }
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
function readCors(read: EnvReader, warnings: string[]): CorsSettings | undefined {
  const setting = 'PGS_CORS_ORIGINS';
  const credentials = read.bool('PGS_CORS_CREDENTIALS', false);
  const text = read.text(setting);
  if (text === undefined) {
    if (credentials) warnings.push('PGS_CORS_CREDENTIALS is set but PGS_CORS_ORIGINS is not, so CORS stays off; set PGS_CORS_ORIGINS to the origins of your web pages.');
    return undefined;
  }
  const listed = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (listed.includes('*')) {
    if (listed.length > 1) read.problem(setting, '"*" already allows every origin; set either "*" alone or a list of origins.');
    if (credentials) {
      read.problem(
        setting,
        '"*" cannot be combined with PGS_CORS_CREDENTIALS=true (browsers refuse it, and any site could act for the signed-in user); ' +
          'list the origins instead, e.g. PGS_CORS_ORIGINS=https://game.example.com, or unset PGS_CORS_CREDENTIALS.',
      );
    }
    return { origins: '*', credentials };
  }
  const origins = listed.map((origin) => read.attempt(() => parseOrigin(setting, origin)) ?? origin);
  return { origins, credentials };
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

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
