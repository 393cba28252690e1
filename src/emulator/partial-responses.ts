/**
 * The `fields` system parameter (or `$fields`) on every Games and Management API answer and on
 * the discovery documents: the mask is read before the route runs, so one that does not parse,
 * or names a field the route's answer schema (its API's table in `response-schemas.ts`) lacks,
 * answers 400 with nothing applied; it is applied in one place, a `preSerialization` hook, to a
 * successful JSON answer. Errors come whole, as Google sends them. The control API, the OAuth endpoints and the
 * key sets are not Google API methods and take no `fields`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isFormRequest } from './body-parsers.js';
import { apiOfUrl } from './discovery-document.js';
import { pathOf } from './families.js';
import { applyFieldMask, checkFieldMask, parseFieldMask, type FieldSelection } from './field-mask.js';
import type { RouteDiscovery } from './request-context.js';
import { resolveSchema, responseSchemas } from './response-schemas.js';

const PARTIAL_RESPONSE_PATHS = ['/games/', '/discovery/', '/$discovery/'];

const masks = new WeakMap<FastifyRequest, FieldSelection>();

/**
 * The mask a request asks for: `fields` or `$fields`, in the query or a form body (where a POST
 * may carry its parameters, `games/query-parameters.ts`), the last value if repeated; none if empty.
 */
function requestedMask(request: FastifyRequest): string | undefined {
  const sources = [request.query, isFormRequest(request) ? request.body : undefined] as Array<Record<string, unknown> | undefined>;
  for (const name of ['fields', '$fields']) {
    const values = sources.flatMap((source) => [source?.[name]].flat()).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
    if (values.length > 0) return values.at(-1);
  }
  return undefined;
}

/** Installs the parsing and the filtering of partial responses. */
export function installPartialResponses(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.is404 || !PARTIAL_RESPONSE_PATHS.some((prefix) => pathOf(request.url).startsWith(prefix))) return;
    const mask = requestedMask(request);
    if (mask === undefined) return;
    const selection = parseFieldMask(mask);
    const response = (request.routeOptions.config as { discovery?: RouteDiscovery } | undefined)?.discovery?.response;
    const api = apiOfUrl(request.routeOptions.url ?? '');
    const described = responseSchemas(api?.name ?? '');
    if (response !== undefined && described.has(response)) checkFieldMask(selection, { $ref: response }, (schema) => resolveSchema(described, schema));
    masks.set(request, selection);
  });

  app.addHook('preSerialization', async (request, reply, payload: unknown) => {
    const selection = masks.get(request);
    if (selection === undefined || reply.statusCode >= 300) return payload;
    return applyFieldMask(payload, selection);
  });
}
