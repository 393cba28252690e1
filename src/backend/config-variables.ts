/**
 * Every environment variable the backend reads, with its default and meaning: the one list that
 * `loadConfig` reads by (its readers take only these names) and that `pgs serve --help` prints, so
 * that the help cannot drift from the code. README.md "Configuration" and `.env.example` are kept
 * in step with it by a test.
 */

/** One environment variable: its name, its default as a person reads it, and what it does. */
export interface ConfigVariable {
  readonly name: string;
  readonly default: string;
  readonly meaning: string;
}

export const CONFIG_VARIABLES = [
  { name: 'PORT', default: '8080', meaning: 'port the backend listens on (0 picks a free one)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'interface the backend listens on (0.0.0.0 for every one)' },
  { name: 'DATABASE_URL', default: 'sqlite:./data/pgs.sqlite', meaning: 'sqlite:PATH, sqlite::memory: or postgres://user@host:port/db' },
  {
    name: 'PGS_CLIENT_SECRET_FILE',
    default: 'unset: emulator mode',
    meaning: "the game server's client_secret.json (a Web application OAuth client); set it to use the real Google",
  },
  {
    name: 'PGS_SERVICE_ACCOUNT_FILE',
    default: "unset: Recall off with real Google; the emulator's key in emulator mode",
    meaning: "the game's service-account JSON key (Play Console access to the game), for Google's Recall API (account restore)",
  },
  { name: 'PGS_APPLICATION_ID', default: "the client ID's numeric prefix, with a warning", meaning: 'the Play Games application ID from Play Console' },
  { name: 'PGS_EMULATOR_URL', default: 'unset', meaning: 'an emulator already running there serves every Google endpoint; no built-in one starts' },
  { name: 'PGS_EMULATOR_PORT', default: '8090', meaning: 'port of the built-in emulator' },
  {
    name: 'PGS_EMULATOR_CONFIG',
    default: 'unset: the demo game',
    meaning: 'seed file of the built-in emulator, as `pgs emulator --config FILE` takes (`pgs serve --emulator-config FILE` wins)',
  },
  {
    name: 'PGS_EMULATOR_DATA_DIR',
    default: 'PGS_DATA_DIR/emulator (off with DATABASE_URL=sqlite::memory:)',
    meaning: 'where the built-in emulator keeps its whole state across restarts, as `pgs emulator --data DIR`; off: it starts from the seed each time',
  },
  {
    name: 'PGS_SESSION_SECRET',
    default: 'generated into ./data/keys.json with SQLite; required with PostgreSQL',
    meaning: 'session signing key, at least 32 random bytes, base64 (`openssl rand -base64 32`)',
  },
  {
    name: 'PGS_TOKEN_ENCRYPTION_KEYS',
    default: 'as PGS_SESSION_SECRET',
    meaning: 'keys of the stored Google tokens, kid:base64key[,kid:key…], current first; older keys still decrypt',
  },
  {
    name: 'PGS_SERVER_API_KEY',
    default: 'unset: those routes refuse',
    meaning: "key (at least 24 characters) the game's own servers use for /v1/players/{playerId}/… and /v1/admin/…",
  },
  { name: 'PGS_CLIENT_WRITES', default: 'all', meaning: 'all, none, or a comma list of the achievement IDs game clients may write' },
  { name: 'PGS_REVEAL_HIDDEN_DETAILS', default: 'false', meaning: 'send names and descriptions of hidden achievements' },
  { name: 'PGS_ACCESS_TOKEN_TTL_SECONDS', default: '900', meaning: 'lifetime of a session access token' },
  { name: 'PGS_REFRESH_TOKEN_TTL_SECONDS', default: '2592000 (30 days)', meaning: 'lifetime of a session refresh token' },
  {
    name: 'PGS_REFRESH_REUSE_GRACE_SECONDS',
    default: '10',
    meaning: 'how long a just-rotated refresh token may be presented again (a client retrying a lost answer) and get the same new token back; 0: never',
  },
  { name: 'PGS_GOOGLE_TIMEOUT_MS', default: '5000', meaning: 'timeout of each Google call' },
  { name: 'PGS_EXTRA_AUDIENCES', default: 'none', meaning: "extra client IDs an ID token's audience may name, comma-separated" },
  { name: 'PGS_DEFINITIONS_TTL_SECONDS', default: '300', meaning: 'how long achievement definitions are cached' },
  {
    name: 'PGS_SCORE_POLICY',
    default: 'unset: every score goes to Google',
    meaning:
      'per-leaderboard score rules, JSON: {"<leaderboard ID or *>": {"clientSubmissions": false, "min": 0, "max": 100000, "maxImprovement": {"amount": 5000, "windowSeconds": 3600}}}',
  },
  { name: 'PGS_LEADERBOARD_CACHE_TTL_SECONDS', default: '30', meaning: 'how long a top page of a leaderboard (and the list of leaderboards) is cached, per process' },
  {
    name: 'PGS_LEADERBOARD_MODERATOR',
    default: 'unset: name one per request',
    meaning: 'Play Games ID of a Play Console account of the game, signed in to this server once, whose grant hides players from leaderboards',
  },
  { name: 'PGS_WRITE_SEND_DEADLINE_MS', default: '2000', meaning: 'how long a write is tried at once before it is answered 202 and sent later' },
  { name: 'PGS_SIGN_IN_RATE_LIMIT', default: '60', meaning: 'sign-in calls per minute per client address (session refreshes alike, in their own count)' },
  {
    name: 'REDIS_URL',
    default: 'unset: limits per process',
    meaning: 'redis:// or rediss:// URL of a Redis the instances share, so that rate limits hold across all of them',
  },
  { name: 'PGS_BODY_LIMIT_BYTES', default: '65536', meaning: 'largest request body' },
  { name: 'PGS_TRUST_PROXY', default: 'false', meaning: 'trust X-Forwarded-* headers (behind a reverse proxy)' },
  {
    name: 'PGS_CORS_ORIGINS',
    default: 'unset: CORS off',
    meaning: 'web pages allowed to call the API from a browser: origins as browsers send them (https://game.example.com), comma-separated, or *',
  },
  { name: 'PGS_CORS_CREDENTIALS', default: 'false', meaning: 'also allow credentials (cookies); bearer sessions do not need it; never with *' },
  { name: 'PGS_LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  {
    name: 'PGS_LOG_FORMAT',
    default: 'auto',
    meaning: 'json, pretty (readable lines; needs the pino-pretty package) or auto: pretty on a terminal when pino-pretty is installed, else json',
  },
  { name: 'PGS_DATA_DIR', default: './data', meaning: 'data folder (the generated key file lives here)' },
] as const satisfies readonly ConfigVariable[];

/** The name of a variable the backend reads; a reader given any other name does not compile. */
export type ConfigVariableName = (typeof CONFIG_VARIABLES)[number]['name'];
