/**
 * The operators' console at `/console`: sign-in with the server API key into an HttpOnly,
 * SameSite=Strict session cookie (`console-sessions.ts`), then the console app (built from
 * src/ui/console/), which reads and acts through the admin API (`../admin/routes.ts`) with that
 * cookie and its CSRF token.
 *
 * Before sign-in only the sign-in page and its stylesheet are served: the app's script answers
 * 401, and so does every admin route. Sign-ins, failed ones too, and sign-outs are audited. These
 * are pages and form posts, not API calls: they stay out of the OpenAPI document, as `/docs` does.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Store } from '../../store/store.js';
import { loadWebUi, notBuiltPage, sendWebUiFile } from '../../web-ui-assets.js';
import { ApiError } from '../errors.js';
import { perMinute, registerRateLimit } from '../http/rate-limit.js';
import { CONSOLE_COOKIE, CONSOLE_SESSION_TTL_MS, readCookie, type ConsoleSession, type ConsoleSessions } from './console-sessions.js';
import { signInPage } from './sign-in-page.js';

export interface ConsoleRouteOptions {
  sessions: ConsoleSessions;
  store: Store;
  signInsPerMinute: number;
}

/** Files served before sign-in: the sign-in page's stylesheet. */
const PUBLIC_ASSETS = new Set(['app.css']);
/** Where the console page carries its CSRF token for the app to read. */
const CSRF_PLACEHOLDER = '<meta name="csrf-token" content="">';

/** The request's console session, if its cookie carries a valid one. */
export function consoleSessionOf(sessions: ConsoleSessions, request: FastifyRequest): ConsoleSession | undefined {
  return sessions.verify(readCookie(request.headers.cookie, CONSOLE_COOKIE));
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  // Secure whenever the console is reached over HTTPS (directly or, with PGS_TRUST_PROXY, behind a proxy).
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${CONSOLE_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** A form post from another origin (a login-CSRF attempt) is refused; browsers send Origin on every POST form. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `${request.protocol}://${request.host}`;
}

function htmlPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
    .type('text/html; charset=utf-8')
    .send(body);
}

export const consoleRoutes: FastifyPluginAsync<ConsoleRouteOptions> = async (app, { sessions, store, signInsPerMinute }) => {
  const files = loadWebUi('console');
  await registerRateLimit(app);
  // The sign-in and sign-out forms post urlencoded bodies; only in this plugin's scope.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });
  const audit = (request: FastifyRequest, action: string, actor: string, outcome: 'ok' | 'refused', detail?: { reason: string }) =>
    store.appendAuditEntry({ actor, action, outcome, sourceIp: request.ip, ...(detail ? { detail } : {}) });

  app.get('/console', { schema: { hide: true } }, async (request, reply) => {
    const session = consoleSessionOf(sessions, request);
    if (!session) return htmlPage(reply, 200, signInPage({ enabled: sessions.enabled }));
    const page = files?.get('index.html');
    if (!page) return htmlPage(reply, 200, notBuiltPage('console'));
    return htmlPage(reply, 200, page.body.toString('utf8').replace(CSRF_PLACEHOLDER, `<meta name="csrf-token" content="${session.csrfToken}">`));
  });

  app.get('/console/assets/:file', { schema: { hide: true, params: Type.Object({ file: Type.String() }) } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!PUBLIC_ASSETS.has(file) && !consoleSessionOf(sessions, request)) throw new ApiError('SERVER_API_KEY_INVALID', { message: 'Sign in at /console first.' });
    const asset = file === 'index.html' ? undefined : files?.get(file);
    if (!asset) throw new ApiError('ROUTE_NOT_FOUND');
    return sendWebUiFile(request, reply, asset);
  });

  app.post(
    '/console/sign-in',
    { schema: { hide: true, body: Type.Object({ key: Type.String({ maxLength: 1024 }) }) }, config: perMinute(signInsPerMinute) },
    async (request, reply) => {
      if (!sameOrigin(request)) {
        await audit(request, 'console.sign_in', 'console', 'refused', { reason: 'cross-origin form' });
        return htmlPage(reply, 403, signInPage({ enabled: sessions.enabled, error: 'Sign in from the console page itself.' }));
      }
      const { key } = request.body as { key: string };
      if (!sessions.enabled || !sessions.keyMatches(key)) {
        await audit(request, 'console.sign_in', 'console', 'refused', { reason: sessions.enabled ? 'wrong key' : 'no key configured' });
        return htmlPage(reply, 401, signInPage({ enabled: sessions.enabled, error: 'That is not the server API key.' }));
      }
      const { cookieValue, session } = sessions.issue();
      await audit(request, 'console.sign_in', `console:${session.tag}`, 'ok');
      return reply
        .code(303)
        .header('set-cookie', cookie(request, cookieValue, CONSOLE_SESSION_TTL_MS / 1000))
        .header('cache-control', 'no-store')
        .header('location', '/console')
        .send();
    },
  );

  app.post('/console/sign-out', { schema: { hide: true, body: Type.Object({ csrf: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const session = consoleSessionOf(sessions, request);
    const { csrf } = (request.body ?? {}) as { csrf?: string };
    const token = csrf ?? (request.headers['x-csrf-token'] as string | undefined);
    if (session && !sessions.csrfMatches(session, token)) throw new ApiError('CSRF_TOKEN_INVALID');
    if (session) await audit(request, 'console.sign_out', `console:${session.tag}`, 'ok');
    return reply.code(303).header('set-cookie', cookie(request, '', 0)).header('location', '/console').send();
  });
};
