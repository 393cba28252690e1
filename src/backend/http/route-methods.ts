/**
 * Which methods the app serves at a concrete path, so that a known path asked with another method
 * answers 405 METHOD_NOT_ALLOWED with `Allow` (RFC 9110 §15.5.6) rather than 404: Fastify's router
 * only says "not found". Routes are collected as they are registered (`onRoute`), their patterns
 * (`:param`, `::` for a literal colon, a trailing `*`) turned into regular expressions once.
 */
import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: readonly string[];
}

/** Starts collecting `app`'s routes; the answer lists the methods served at a path (raw, without query). */
export function trackRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    // The CORS plugin's catch-all `OPTIONS *` answers preflights only: no path serves OPTIONS.
    if (route.url === '*') return;
    routes.push({ pattern: routePattern(route.url ?? route.path), methods: [route.method].flat() });
  });
  return (path) => [...new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))];
}

/** `/v1/me/achievements/:achievementId/unlock` → `^/v1/me/achievements/[^/]+/unlock$`. */
export function routePattern(url: string): RegExp {
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const char = url[i]!;
    if (char === ':' && url[i + 1] === ':') {
      out += ':';
      i++;
    } else if (char === ':') {
      while (i + 1 < url.length && /\w/.test(url[i + 1]!)) i++;
      out += '[^/]+';
    } else if (char === '*') {
      out += '.*';
    } else {
      out += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}
