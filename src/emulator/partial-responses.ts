/**
 * The `fields` system parameter (or `$fields`) on every Games and Management API answer and on
 * the discovery documents: the mask is read before the route runs, so one that does not parse
 * answers 400 with nothing applied, and applied in one place, a `preSerialization` hook, to a
 * successful JSON answer. Errors come whole, as Google sends them. The control API, the OAuth
 * endpoints and the key sets are not Google API methods and take no `fields`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pathOf } from './families.js';
import { applyFieldMask, parseFieldMask, type FieldSelection } from './field-mask.js';

const PARTIAL_RESPONSE_PATHS = ['/games/', '/discovery/', '/$discovery/'];

const masks = new WeakMap<FastifyRequest, FieldSelection>();

/** The mask a request asks for: `fields` or `$fields`, the last value if repeated; none if empty. */
function requestedMask(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  for (const name of ['fields', '$fields']) {
    const raw = query?.[name];
    const value = Array.isArray(raw) ? (raw.at(-1) as unknown) : raw;
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** Installs the parsing and the filtering of partial responses. */
export function installPartialResponses(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.is404 || !PARTIAL_RESPONSE_PATHS.some((prefix) => pathOf(request.url).startsWith(prefix))) return;
    const mask = requestedMask(request);
    if (mask !== undefined) masks.set(request, parseFieldMask(mask));
  });

  app.addHook('preSerialization', async (request, reply, payload: unknown) => {
    const selection = masks.get(request);
    if (selection === undefined || reply.statusCode >= 300) return payload;
    return applyFieldMask(payload, selection);
  });
}
