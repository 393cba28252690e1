/**
 * One place turns every error into its wire format, so no handler builds a body: our typed errors
 * as they are, Fastify's validation and body-parsing errors into the right family's 400, unknown
 * routes into a 404, and anything unexpected into a generic 500 that echoes nothing.
 * Validation messages copy Google's One Platform wording:
 * `Invalid value at 'steps_to_increment' (TYPE_INT32), "abc"`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ControlApiError,
  GoogleApiError,
  InvalidRequestError,
  OAuthError,
  invalidArgumentError,
  notFoundError,
  requiredParameterError,
} from './errors.js';
import { familyOf, pathOf, type RouteFamily } from './families.js';
import { protoName } from './games/json-fields.js';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Wire types of the parameters the emulator validates, for Google-style messages. */
const PARAMETER_TYPES: Record<string, string> = {
  stepsToIncrement: 'TYPE_INT32',
  steps: 'TYPE_INT32',
  maxResults: 'TYPE_INT32',
  requestId: 'TYPE_INT64',
  state: 'TYPE_ENUM',
  updateType: 'TYPE_ENUM',
  resultsAbove: 'TYPE_INT32',
  returnTopIfAbsent: 'TYPE_BOOL',
  timeSpan: 'TYPE_ENUM',
  collection: 'TYPE_ENUM',
  includeRankType: 'TYPE_ENUM',
};

/** `/updates/0/updateType` → ['updates', '0', 'updateType']. */
function pointerParts(pointer: string): string[] {
  return pointer.split('/').slice(1);
}

function fieldName(parts: string[]): string {
  return parts.map((part, i) => (/^[0-9]+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function valueAt(root: unknown, parts: string[]): unknown {
  let value = root;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Turns Fastify's (ajv) validation error into Google's 400. */
export function googleValidationError(error: FastifyError, request: FastifyRequest): GoogleApiError {
  const issue = (error.validation?.[0] ?? { keyword: 'unknown', instancePath: '', params: {} }) as ValidationIssue;
  const source = error.validationContext === 'body' ? request.body : error.validationContext === 'params' ? request.params : request.query;
  if (issue.keyword === 'required') {
    const missing = typeof issue.params.missingProperty === 'string' ? issue.params.missingProperty : '';
    const parts = [...pointerParts(issue.instancePath), missing];
    return requiredParameterError(fieldName(parts));
  }
  const parts = pointerParts(issue.instancePath);
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 0) {
    return invalidArgumentError('Invalid JSON payload received. The request body must be a JSON object.');
  }
  const wireName = parts.map((part) => (/^[0-9]+$/.test(part) ? `[${part}]` : protoName(part))).join('.').replace(/\.\[/g, '[');
  const type = PARAMETER_TYPES[last] ?? 'TYPE_STRING';
  let message = `Invalid value at '${wireName}' (${type}), ${describeValue(valueAt(source, parts))}`;
  if (issue.keyword === 'enum') message += `: must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  else if (issue.keyword !== 'type' && issue.message) message += `: ${issue.message}`;
  return invalidArgumentError(message, fieldName(parts));
}

function controlValidationError(error: FastifyError): ControlApiError {
  const issue = (error.validation?.[0] ?? { keyword: 'unknown', instancePath: '', params: {} }) as ValidationIssue;
  const where = error.validationContext === 'querystring' ? 'query parameter' : 'field';
  const parts = pointerParts(issue.instancePath);
  if (issue.keyword === 'required') {
    return new ControlApiError(400, `The ${where} ${fieldName([...parts, typeof issue.params.missingProperty === 'string' ? issue.params.missingProperty : ''])} is required.`);
  }
  if (issue.keyword === 'additionalProperties') {
    const extra = typeof issue.params.additionalProperty === 'string' ? issue.params.additionalProperty : '';
    return new ControlApiError(400, `The ${where} ${fieldName([...parts, extra])} is not a known field.`);
  }
  if (parts.length === 0) return new ControlApiError(400, 'The request body must be a JSON object.');
  const detail = issue.keyword === 'enum' ? `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}` : (issue.message ?? 'is invalid');
  return new ControlApiError(400, `The ${where} ${fieldName(parts)} ${detail}.`);
}

/** The same error in the format of another family (used for Fastify's own 4xx errors). */
function fromStatus(family: RouteFamily, status: number, message: string): GoogleApiError | OAuthError | ControlApiError {
  if (family === 'control') return new ControlApiError(status, message);
  if (family === 'oauth') return status === 400 ? new InvalidRequestError(message) : new OAuthError('invalid_request', message, status);
  return new GoogleApiError({ httpStatus: status, reason: status === 413 ? 'uploadTooLarge' : 'invalid', message });
}

/** Writes one of our typed errors. */
export function sendError(reply: FastifyReply, error: GoogleApiError | OAuthError | ControlApiError): FastifyReply {
  reply.code(error.httpStatus);
  if (error instanceof GoogleApiError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return reply.send(error.toEnvelope());
  }
  if (error instanceof OAuthError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    reply.header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate');
    return reply.send(error.toBody());
  }
  return reply.send(error.toBody());
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Request body size did not match Content-Length.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Invalid JSON payload received. The body is empty.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Invalid JSON payload received.',
};

/** Installs the error handler and the not-found handler. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof GoogleApiError || error instanceof OAuthError || error instanceof ControlApiError) {
      return sendError(reply, error);
    }
    const family = familyOf(request.url);
    if (error.validation) {
      if (family === 'control') return sendError(reply, controlValidationError(error));
      if (family === 'oauth') return sendError(reply, new InvalidRequestError('Bad Request'));
      return sendError(reply, googleValidationError(error, request));
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const message = FASTIFY_MESSAGES[error.code] ?? 'Bad Request';
      // Google answers 400 to a body it cannot read, whatever the reason.
      return sendError(reply, fromStatus(family, status === 415 ? 400 : status, message));
    }
    request.log.error({ err: error }, 'unexpected emulator error');
    if (family === 'control') return sendError(reply, new ControlApiError(500, 'Internal emulator error.'));
    if (family === 'oauth') return sendError(reply, new OAuthError('server_error', 'Internal error.', 500));
    return sendError(reply, new GoogleApiError({ httpStatus: 500, reason: 'backendError', message: 'Internal error encountered.' }));
  });

  app.setNotFoundHandler((request, reply) => {
    const family = familyOf(request.url);
    const path = pathOf(request.url);
    if (family === 'control') {
      return sendError(reply, new ControlApiError(404, `No control API call ${request.method} ${path}. See src/emulator/README.md.`));
    }
    return sendError(reply, notFoundError(`The requested URL ${path} was not found on this server.`));
  });
}
