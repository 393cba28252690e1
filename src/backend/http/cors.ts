/**
 * CORS for web games: off unless `PGS_CORS_ORIGINS` lists origins. An allowed origin gets its
 * preflight answered 204 and every answer (errors included) readable by its page; any other
 * origin, or a request without `Origin`, gets no CORS header at all, so the browser keeps the
 * answer from the page (https://fetch.spec.whatwg.org/#http-cors-protocol).
 */
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { CorsSettings } from '../config.js';

/** Registers CORS on `app` when `cors` is set; call it before the routes. */
export async function registerCors(app: FastifyInstance, cors: CorsSettings | undefined): Promise<void> {
  if (cors === undefined) return;
  const allowed = new Set(cors.origins);
  await app.register(fastifyCors, {
    // A function, not the list: with a list the plugin still answers a stranger's preflight 204.
    origin:
      cors.origins === '*'
        ? '*'
        : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: cors.credentials,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
    // Not CORS-safelisted, and a game needs them: when to come back, and why a 401 happened.
    exposedHeaders: ['retry-after', 'www-authenticate'],
    maxAge: 600,
    // An OPTIONS without Access-Control-Request-Method would get a text/plain 400 otherwise.
    strictPreflight: false,
  });
}
