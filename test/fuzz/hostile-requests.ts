/**
 * A generator of hostile HTTP requests for the backend, from a seed (so a failure can be replayed
 * with FUZZ_SEED): real route shapes with bad parameters, made-up paths, traversal and broken
 * percent-encoding, every method, odd headers and content types, and bodies that are not what a
 * route takes (deep, huge, NUL-laden, prototype-poisoning, not JSON at all). No dependency: a
 * small PRNG and lists of what has broken servers before are enough to cover the surface.
 */

/** One request, as `app.inject` takes it. */
export interface HostileRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress: string;
}

/** mulberry32: a fast 32-bit PRNG, plenty for picking cases. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  'GET /v1/me',
  'DELETE /v1/me',
  'POST /v1/auth/play-games',
  'POST /v1/auth/refresh',
  'POST /v1/auth/logout',
  'GET /v1/me/achievements',
  'POST /v1/me/achievements/{id}/unlock',
  'POST /v1/me/achievements/{id}/increment',
  'POST /v1/me/achievements/{id}/reveal',
  'POST /v1/me/achievements/{id}/set-steps-at-least',
  'POST /v1/me/achievements/{id}/reset',
  'POST /v1/me/achievements:batch',
  'POST /v1/me/achievements:reset',
  'GET /v1/players/{player}/achievements',
  'POST /v1/players/{player}/achievements/{id}/unlock',
  'POST /v1/players/{player}/achievements/{id}/increment',
  'POST /v1/players/{player}/achievements:batch',
  'POST /v1/players/{player}/achievements/{id}/reset',
  'POST /v1/players/{player}/achievements:reset',
  'GET /v1/admin/achievements/outbox',
  'GET /v1/leaderboards',
  'GET /v1/leaderboards/{id}/scores',
  'GET /v1/me/leaderboards/{id}/scores',
  'POST /v1/me/leaderboards/{id}/scores',
  'POST /v1/players/{player}/leaderboards/{id}/scores',
  'GET /v1/me/events',
  'POST /v1/me/events',
  'POST /v1/auth/recall',
  'POST /v1/me/recall',
  'GET /v1/me/stats',
  'GET /v1/me/saved-games',
  'GET /healthz',
  'GET /docs/static/{file}',
  'GET /docs/static/{file}',
] as const;
// Left out: /metrics, /readyz, /openapi.json and /docs/ take no input and cost milliseconds each
// (a document, a page, a Google call): they would take the run's time and find nothing.

/** Path segments that broke servers: NUL and controls, traversal, broken or overlong encodings, huge ones. */
const SEGMENTS = [
  '',
  'a',
  'me',
  '%00',
  'a%00b',
  '%0d%0a',
  '%0A',
  '%7F',
  '%C2%85',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%zz',
  '%2e%2e',
  '..',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '..%2f..%2fetc%2fpasswd',
  '%252e%252e',
  '%F0%9F%98%80',
  'é',
  '%C3%A9',
  ':',
  '::',
  '*',
  ';',
  'a;b=c',
  '__proto__',
  'constructor',
  'CgkIlNDIwqcbEAIQAQ',
  'g01234567890123456789',
  'x'.repeat(256),
  'x'.repeat(257),
  'y'.repeat(600),
  '%20',
  '+',
  '~',
  '%u0000',
];

const FILES = ['swagger-ui.css', 'index.html', 'no-such-file.js', '%2e%2e/%2e%2e/package.json', '../../../etc/passwd', '%00', 'a/../../x', '.env', '%2e%2e/'];

const QUERIES = [
  '',
  '?timeSpan=WEEKLY&collection=FRIENDS',
  '?timeSpan=x&collection=y&around=you',
  '?limit=26&pageToken=%00',
  '?pageToken=' + 'A'.repeat(300),
  '?',
  '?language=en-US',
  '?language=xx',
  '?language=%00',
  '?language=' + 'a'.repeat(100),
  '?language=en&language=fr',
  '?limit=0',
  '?limit=-1',
  '?limit=1e9',
  '?limit=abc',
  '?limit=10&limit=20',
  '?unknown=1',
  '?__proto__[x]=1',
  '?a=%E0%A4%A',
  '?%00=%00',
  '?' + 'k=v&'.repeat(200),
];

const STRINGS = ['', 'a', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '😀', 'x'.repeat(300), 'x'.repeat(5000), '<script>', "' OR 1=1 --", '${jndi:ldap://x}', '../../', '\r\nX-Injected: 1', 'pgsr_' + 'A'.repeat(43), 'null', '1'];
const NUMBERS = [0, -1, 1, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -0, 5];

/** A random JSON value, at most `depth` deep. */
function jsonValue(random: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const kind = Math.floor(random() * (depth > 0 ? 7 : 4));
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick(['UNLOCK', 'INCREMENT', 'REVEAL', 'SET_STEPS_AT_LEAST', 'unlock']);
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => jsonValue(random, depth - 1));
    default: {
      const keys = ['steps', 'updates', 'achievementId', 'type', 'serverAuthCode', 'playerId', 'refreshToken', 'score', 'scoreTag', 'eventId', 'count', 'recallSessionId', '__proto__', 'constructor', 'extra', ''];
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(keys), jsonValue(random, depth - 1)]));
    }
  }
}

/** A body: JSON of the right shape with bad values, random JSON, deep nesting, or no JSON at all. */
function body(random: () => number): string | undefined {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  switch (Math.floor(random() * 10)) {
    case 0:
      return undefined;
    case 1:
      return '';
    case 2:
      return pick(['{', '{"steps":', 'nul', '\u0000', '[', '{"a":1}}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '"str"', '123']);
    case 3:
      return '['.repeat(5000) + ']'.repeat(5000);
    case 4:
      return JSON.stringify({ steps: 1, pad: 'x'.repeat(70_000) });
    case 5:
      return JSON.stringify({ updates: Array.from({ length: 1 + Math.floor(random() * 60) }, () => jsonValue(random, 2)) });
    case 6:
      return JSON.stringify({ serverAuthCode: pick(STRINGS), ...(random() < 0.5 ? { playerId: pick(STRINGS) } : {}) });
    case 7:
      return JSON.stringify(pick([{ steps: pick(NUMBERS) }, { score: pick(NUMBERS), scoreTag: pick(STRINGS) }, { updates: [{ eventId: pick(STRINGS), count: pick(NUMBERS) }] }, { recallSessionId: pick(STRINGS) }]));
    default:
      return JSON.stringify(jsonValue(random, 3));
  }
}

export interface Credentials {
  /** A valid session access token. */
  session: string;
  /** A valid refresh token (it may be used up by the run). */
  refreshToken: string;
  serverApiKey: string;
  /** A Play Games player ID the backend knows. */
  playerId: string;
  /** A real achievement ID of the game. */
  achievementId: string;
}

/** The `n`-th hostile request of the run seeded by `random`. */
export function hostileRequest(random: () => number, credentials: Credentials): HostileRequest {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const route = pick(ROUTES);
  const [routeMethod, template] = route.split(' ') as [HostileRequest['method'], string];
  const method = random() < 0.8 ? routeMethod : pick(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const);
  let path = template
    .replace('{player}', random() < 0.3 ? encodeURIComponent(credentials.playerId) : pick(SEGMENTS))
    .replace('{id}', random() < 0.3 ? credentials.achievementId : pick(SEGMENTS))
    .replace('{file}', pick(FILES));
  if (random() < 0.1) path = `/${pick(SEGMENTS)}/${pick(SEGMENTS)}`;
  if (random() < 0.05) path += pick(['/', '//', '/..', '%00', '?', '#frag']);
  const headers: Record<string, string> = {};
  const auth = random();
  if (auth < 0.3) headers.authorization = `Bearer ${credentials.session}`;
  else if (auth < 0.5) headers.authorization = `Bearer ${credentials.serverApiKey}`;
  else if (auth < 0.7) headers.authorization = pick(['Bearer', 'Bearer ', 'Basic abc', 'Bearer a.b.c', `Bearer ${credentials.session}x`, 'bearer x', 'Bearer ' + 'x'.repeat(4000)]);
  const payload = method === 'GET' || method === 'HEAD' ? (random() < 0.1 ? body(random) : undefined) : body(random);
  if (payload !== undefined || random() < 0.2) {
    headers['content-type'] = pick([
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/*',
      '',
      'application/json, text/plain',
    ]);
  }
  if (random() < 0.2) headers['idempotency-key'] = pick(['k', '', ' ', 'x'.repeat(300), 'é', 'key-1', 'a b']);
  if (random() < 0.1) headers['content-encoding'] = pick(['gzip', 'br', 'identity', 'x']);
  if (random() < 0.1) headers.origin = pick(['https://evil.example', 'null', '*']);
  if (random() < 0.1) headers['x-forwarded-for'] = pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
  if (random() < 0.05 && credentials.refreshToken && path === '/v1/auth/refresh') {
    return { method, url: path, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ refreshToken: credentials.refreshToken }), remoteAddress: '127.0.0.1' };
  }
  return {
    method,
    url: path + pick(QUERIES),
    headers,
    ...(payload === undefined ? {} : { payload }),
    remoteAddress: `10.9.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
  };
}
