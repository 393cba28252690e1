/**
 * The one mapper from anything thrown in a request to the wire format
 * `{ error: { code, message } }`: clients see one error shape (docs/API.md, 'Conventions'), and it
 * is decided in one place. Known errors keep their code and public message; anything unknown is
 * logged in full and answered as a generic 500 that echoes nothing, so no internal detail leaks.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorCode } from '../errors.js';
import { retryAfterHeaders } from './retry-after.js';
import { trackRouteMethods } from './route-methods.js';

interface ValidationIssue {
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Turns Fastify's own errors (validation, body parsing, limits) into registry errors. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (!isFastifyError(error)) return undefined;
  if (error.validation) {
    return new ApiError('INVALID_REQUEST', { message: describeValidation(error.validation, error.validationContext) });
  }
  const byFastifyCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
    FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  };
  const mapped = error.code ? byFastifyCode[error.code] : undefined;
  if (mapped) return new ApiError(mapped);
  if (error instanceof SyntaxError && error.statusCode === 400) return new ApiError('INVALID_JSON');
  return undefined;
}

/**
 * A message that names the field to fix. Reads both shapes of issue: ajv's
 * (`params.additionalProperty`, `params.missingProperty`) and TypeBox 1.x's, which reports an
 * unknown field as a `boolean` issue at the field ("schema is false") followed by an
 * `additionalProperties` issue listing the names, and a missing one as `params.requiredProperties`.
 */
function describeValidation(issues: ValidationIssue[], context: string | undefined): string {
  const where = context ?? 'request';
  const first = issues[0];
  if (!first) return `The ${where} is invalid.`;
  const path = (pointer: string | undefined) => (pointer ?? '').replace(/^\//, '').replaceAll('/', '.');
  const under = (parent: string, name: string) => (parent ? `${parent}.${name}` : name);
  const field = path(first.instancePath);
  if (first.keyword === 'boolean' && first.schemaPath?.endsWith('/additionalProperties') && field) {
    return `${where} has an unknown field "${field}"; remove it.`;
  }
  if (first.keyword === 'additionalProperties') {
    const name = firstName(first.params?.additionalProperty ?? first.params?.additionalProperties);
    if (name !== undefined) return `${where} has an unknown field "${under(field, name)}"; remove it.`;
  }
  if (first.keyword === 'required') {
    const name = firstName(first.params?.missingProperty ?? first.params?.requiredProperties);
    if (name !== undefined) return `${where} is missing the required field "${under(field, name)}".`;
  }
  return `${where}${field ? `.${field}` : ''} ${first.message ?? 'is invalid'}.`;
}

function firstName(value: unknown): string | undefined {
  const name: unknown = Array.isArray(value) ? value[0] : value;
  return typeof name === 'string' ? name : undefined;
}

function isFastifyError(error: unknown): error is FastifyError & { validation?: ValidationIssue[] } {
  return error instanceof Error;
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a path that is not valid
 * percent-encoding, a path parameter over `maxParamLength`) answer before any route or error
 * handler runs, in Fastify's format unless this takes them; here they get the registry's.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path segment of the URL is too long; IDs are at most 256 characters.'
      : 'The URL is not valid: a path segment is not well-formed percent-encoding.';
  void reply.code(400).send(new ApiError('INVALID_REQUEST', { message }).toBody());
}

/**
 * Every 401 names a challenge (RFC 9110 §15.5.2; RFC 6750 §3 for bearer tokens): some HTTP
 * clients, Android's HttpURLConnection among them, fail a 401 without one before the game can read
 * the body. A session token that is invalid or expired says so with `error="invalid_token"`.
 */
function challenge(error: ApiError): Record<string, string> {
  if (error.status !== 401) return {};
  const invalidToken = error.code === 'SESSION_INVALID' || error.code === 'SESSION_EXPIRED';
  return { 'www-authenticate': `Bearer realm="play-games-server"${invalidToken ? ', error="invalid_token"' : ''}` };
}

/** Answers that tell the client to come back later carry `Retry-After` (RFC 9110 §10.2.3). */
function comeBackLater(error: ApiError): Record<string, string> {
  return error.status === 503 || error.status === 429 ? retryAfterHeaders(error.retryAfterMs) : {};
}

/** Installs the error and not-found handlers on `app`; call it before registering routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError) {
      // `errorCode`, not `code`: the logger redacts every `code` key (it may be a server auth code).
      if (apiError.status >= 500) {
        request.log.error({ errorCode: apiError.code, detail: apiError.detail, err: apiError.cause ?? apiError }, 'request failed');
      } else if (apiError.detail) {
        request.log.info({ errorCode: apiError.code, detail: apiError.detail }, 'request refused');
      }
      return reply.code(apiError.status).headers({ ...challenge(apiError), ...comeBackLater(apiError) }).send(apiError.toBody());
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(new ApiError('INTERNAL').toBody());
  });
  const methodsAt = trackRouteMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const queryAt = request.url.indexOf('?');
    const allowed = methodsAt(queryAt === -1 ? request.url : request.url.slice(0, queryAt));
    if (allowed.length > 0) {
      return reply.code(405).header('allow', allowed.join(', ')).send(new ApiError('METHOD_NOT_ALLOWED').toBody());
    }
    return reply.code(404).send(new ApiError('ROUTE_NOT_FOUND').toBody());
  });
}
