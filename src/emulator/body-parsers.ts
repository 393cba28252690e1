/**
 * Request body parsers. The OAuth endpoints take `application/x-www-form-urlencoded`
 * (RFC 6749 §4.1.3; google-auth-library sends that) and also JSON. Google's clients POST some
 * methods with no body at all, sometimes with a JSON content type, so an empty body is fine.
 * A body that does not parse gets the family's 400, never echoing the body (it may hold secrets).
 * On the Games and Management APIs a form body carries the method's parameters (some clients,
 * e.g. Ruby's google-api-client, POST them so); `games/query-parameters.ts` reads it as such, so
 * there a repeated key keeps every value, as a repeated query parameter does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ControlApiError, GoogleApiError, InvalidRequestError } from './errors.js';
import { familyOf } from './families.js';

function unreadable(request: FastifyRequest): Error {
  const family = familyOf(request.url);
  if (family === 'oauth') return new InvalidRequestError('Bad Request');
  if (family === 'control') return new ControlApiError(400, 'The request body is not valid JSON.');
  return new GoogleApiError({ httpStatus: 400, reason: 'parseError', status: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received.' });
}

/** Whether a request's body is form-encoded (its parameters, on the Games and Management APIs). */
export function isFormRequest(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type);
}

/** Parses a form body into an object; the first value of a repeated key wins. */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
  }
  return out;
}

/** Parses a form body keeping every value: a repeated key becomes an array, as Fastify parses a query string. */
export function parseFormParameters(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = out[key];
    out[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return out;
}

/** Replaces Fastify's JSON parser and adds a form parser. */
export function installBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(unreadable(request), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    done(null, familyOf(request.url) === 'oauth' ? parseForm(text) : parseFormParameters(text));
  });
}
