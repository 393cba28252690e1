/**
 * The backend takes JSON bodies only. Many game HTTP clients send `Content-Type: application/json`
 * with an empty body on POSTs that take none (unlock, logout); Fastify refuses those by default,
 * and here they read as "no body".
 */
import type { FastifyInstance } from 'fastify';

/** Installs the JSON parser that reads an empty body as none; any other media type answers 415. */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  // Fastify's own parser guards against prototype poisoning (`__proto__`, `constructor`).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // JSON is the only body this API takes; anything else is answered 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
