/**
 * Google binds each query parameter to a field of the method's request message, and refuses one
 * it cannot bind: 400 INVALID_ARGUMENT "Invalid JSON payload received. Unknown name \"requestID\":
 * Cannot bind query parameter. Field 'requestID' could not be found in request message." (general
 * Google API behaviour; docs/google/games-api.md, 'Service basics', lists the common parameters).
 * Without this a misspelt `requestId` would be ignored here, and a retry counted twice, while
 * Google refuses the call.
 *
 * One rule for every Games, Management and Configuration route, installed as an `onRoute` hook
 * so a new route gets it too: the names a route may take are its querystring schema's
 * properties, plus Google's system parameters
 * (https://cloud.google.com/apis/docs/system-parameters). As for JSON bodies (`json-fields.ts`),
 * a parameter may be spelled by its proto name (`request_id`); it is rewritten to the name the
 * schema uses before validation. The OAuth and control routes are not touched.
 *
 * A POST may carry its parameters as an `application/x-www-form-urlencoded` body instead of a
 * query string (Ruby's google-api-client 0.50 sends `stepsToIncrement` so; Google reads them as
 * parameters, see https://cloud.google.com/apis/docs/system-parameters for the HTTP mapping).
 * On a method without a JSON body the form's fields join the query's before the check above, so
 * they get the same binding, proto names and validation. A name in both, or repeated in the
 * form, is one repeated value: a scalar parameter then fails validation as `?steps=1&steps=2`
 * does (docs/google/emulator-choices.md).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { isFormRequest } from '../body-parsers.js';
import { apiOfUrl } from '../discovery-document.js';
import { type GoogleApiError, unknownNameError } from '../errors.js';
import { protoName } from './json-fields.js';

/** Google's system parameters: accepted on every method and ignored by the emulator. */
export const SYSTEM_PARAMETERS: ReadonlySet<string> = new Set([
  '$.xgafv',
  '$alt',
  'alt',
  '$callback',
  'callback',
  '$ct',
  '$fields',
  'fields',
  '$key',
  'key',
  '$outputDefaults',
  '$prettyPrint',
  'prettyPrint',
  '$unique',
  'access_token',
  'oauth_token',
  'quotaUser',
  'upload_protocol',
  'uploadType',
  'userIp',
]);


function unknownParameter(name: string, declared: ReadonlySet<string>): GoogleApiError {
  // `a.b` binds to field `b` of message field `a`; the field named is the first one not found.
  const [first = name, second] = name.split('.');
  const field = declared.has(first) && second !== undefined ? second : first;
  const message = `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}: Cannot bind query parameter. Field '${field}' could not be found in request message.`;
  return unknownNameError(message);
}

/** The parameter names a route's querystring schema declares (none without a schema). */
function declaredParameters(route: RouteOptions): ReadonlySet<string> {
  const schema = route.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
  return new Set(Object.keys(schema?.properties ?? {}));
}

/** Moves a form body's fields into the query, a name in both becoming one repeated value. */
function mergeFormParameters(request: FastifyRequest, query: Record<string, unknown>): void {
  const form = request.body as Record<string, string | string[]> | undefined;
  request.body = undefined;
  for (const [name, value] of Object.entries(form ?? {})) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [previous, value].flat();
  }
}

/** A preValidation step: refuses a parameter the route cannot bind, rewrites proto names. */
function queryParameterCheck(declared: ReadonlySet<string>, takesBody: boolean): (request: FastifyRequest) => Promise<void> {
  const byProtoName = new Map([...declared].map((name) => [protoName(name), name]));
  return async (request) => {
    const query = request.query as Record<string, unknown>;
    if (!takesBody && isFormRequest(request)) mergeFormParameters(request, query);
    for (const name of Object.keys(query)) {
      if (declared.has(name) || SYSTEM_PARAMETERS.has(name)) continue;
      const jsonName = byProtoName.get(name);
      if (jsonName === undefined) throw unknownParameter(name, declared);
      if (!Object.prototype.hasOwnProperty.call(query, jsonName)) query[jsonName] = query[name];
      delete query[name];
    }
  };
}

/**
 * Installs the check on every route registered after it that is a method of a Google API the
 * emulator serves (`DISCOVERY_APIS`: Games v1, Management, and Configuration, which has no
 * route yet), so a new API's routes get it once it is listed there.
 */
export function installQueryParameterRules(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (apiOfUrl(route.url) === undefined) return;
    const check = queryParameterCheck(declaredParameters(route), route.schema?.body !== undefined);
    const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [check, ...existing];
  });
}
