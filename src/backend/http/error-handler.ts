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
import { describeValidation, type ValidationIssue } from './validation-message.js';

/**
 * Turns Fastify's own errors (validation, body parsing, limits) into registry errors. A schema
 * refusal is described from the route's schema and what was sent, both read from `request`.
 */
export function toApiError(error: unknown, request?: FastifyRequest): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (!isFastifyError(error)) return undefined;
  if (error.validation) {
    const context = error.validationContext;
    const { message, code } = describeValidation(error.validation, context, schemaOf(request, context), sentIn(request, context));
    return new ApiError(code ?? 'INVALID_REQUEST', { message });
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
  return clientErrorOfPlugin(error);
}

/**
 * A plugin's own refusal, an error carrying a 4xx `statusCode` (the http-errors convention): the
 * `/docs` files are served by @fastify/static through `send`, which refuses a path that climbs out
 * of its folder (`/docs/static/%2e%2e/…`) with 403 and a NUL byte with 400. Such a refusal is the
 * client's doing, so it must not answer 500; a path outside the folder answers as a missing file,
 * which says nothing about what lies outside it.
 */
function clientErrorOfPlugin(error: FastifyError): ApiError | undefined {
  const status = error.statusCode ?? (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const byStatus: Record<number, ErrorCode> = {
    403: 'ROUTE_NOT_FOUND',
    404: 'ROUTE_NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'BODY_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  };
  const code = byStatus[status];
  if (code) return new ApiError(code, { detail: `${status} from a plugin: ${error.message}` });
  return new ApiError('INVALID_REQUEST', { message: 'The request is not valid; check the URL.', detail: `${status} from a plugin: ${error.message}` });
}

/** The route's schema of one part of the request (`body`, `querystring`, `params`, `headers`). */
function schemaOf(request: FastifyRequest | undefined, context: string | undefined): unknown {
  const schema = request?.routeOptions.schema as Record<string, unknown> | undefined;
  return context === undefined ? undefined : schema?.[context];
}

function sentIn(request: FastifyRequest | undefined, context: string | undefined): unknown {
  switch (context) {
    case 'body':
      return request?.body;
    case 'querystring':
      return request?.query;
    case 'params':
      return request?.params;
    case 'headers':
      return request?.headers;
    default:
      return undefined;
  }
}

function isFastifyError(error: unknown): error is FastifyError & { validation?: ValidationIssue[]; validationContext?: string } {
  return error instanceof Error;
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a path that is not valid
 * percent-encoding, a path parameter over `maxParamLength`) answer before any route or error
 * handler runs, in Fastify's format unless this takes them; here they get the registry's.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path segment of the URL is too long; IDs are at most 256 characters.'
      : 'The URL is not valid: a path segment is not well-formed percent-encoding.';
  const refusal = new ApiError('INVALID_REQUEST', { message });
  logRefusal(request, refusal);
  void reply.code(400).send(refusal.toBody());
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

/**
 * Every refusal (4xx) is logged with its code, so an operator sees what clients get wrong; the
 * detail, when there is one, is what only the server may know.
 */
function logRefusal(request: FastifyRequest, error: ApiError): void {
  request.log.info({ errorCode: error.code, status: error.status, ...(error.detail ? { detail: error.detail } : {}) }, 'request refused');
}

/** Installs the error and not-found handlers on `app`; call it before registering routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error, request);
    if (apiError) {
      // `errorCode`, not `code`: the logger redacts every `code` key (it may be a server auth code).
      if (apiError.status >= 500) {
        request.log.error({ errorCode: apiError.code, detail: apiError.detail, err: apiError.cause ?? apiError }, 'request failed');
      } else {
        logRefusal(request, apiError);
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
    // A route that serves this very method and still found nothing (a missing file under
    // `/docs/static/*`) is a 404: a 405 whose Allow lists the method it refused would be a lie.
    const wrongMethod = allowed.length > 0 && !allowed.includes(request.method);
    const refusal = new ApiError(wrongMethod ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND');
    logRefusal(request, refusal);
    if (wrongMethod) return reply.code(405).header('allow', allowed.join(', ')).send(refusal.toBody());
    return reply.code(404).send(refusal.toBody());
  });
}
