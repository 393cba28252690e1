/**
 * Batch requests: `POST /batch` (the discovery documents' `batchPath`) and the older per-API
 * `POST /batch/{api}/{version}` (`batch/games/v1`, `batch/games/v1management`), with Google's
 * `multipart/mixed` format (`batch-format.ts`). Each call is answered by the emulator's own
 * route, in-process (`app.inject`), so it passes through every hook a direct call does: its own
 * faults, authentication and request-log entry. As Google says, the outer request's headers,
 * except the `Content-` ones, apply to every call, and a call's own header wins; so a call
 * without an `Authorization` header uses the outer one.
 *
 * The batch itself answers 200 whatever its calls answer; a call's error is its own part.
 * A body that is not a readable batch answers 400 with nothing run. Calls run one after the
 * other, in order (Google does not promise an order; docs/google/emulator-choices.md).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BatchFormatError, formatBatch, parseBatch, type BatchAnswer, type BatchCall } from './batch-format.js';
import { GoogleApiError, notFoundError } from './errors.js';
import { pathOf } from './families.js';
import { routeConfig } from './request-context.js';

/** Google's limit on the calls of one batch (https://developers.google.com/games/services/web/api/batch). */
export const MAX_BATCH_CALLS = 1000;

/** Headers of the outer request that describe its own body or connection, not the calls. */
const OUTER_ONLY = /^(content-|transfer-encoding$|connection$|keep-alive$|expect$|upgrade$)/i;
/** Headers of an inner answer that describe the inner connection, rewritten or dropped in the part. */
const INNER_ONLY = /^(content-length|connection|keep-alive|transfer-encoding)$/i;

function batchFormatError(detail: string): GoogleApiError {
  return new GoogleApiError({ httpStatus: 400, reason: 'badRequest', message: `Failed to parse batch request, error: ${detail}.` });
}

function errorAnswer(call: BatchCall, error: GoogleApiError): BatchAnswer {
  return {
    contentId: call.contentId,
    status: error.httpStatus,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers },
    body: JSON.stringify(error.toEnvelope()),
  };
}

/** The headers a call is made with: the outer request's, then its own on top. */
function callHeaders(outer: FastifyRequest, call: BatchCall): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(outer.headers)) {
    if (OUTER_ONLY.test(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // The call's body is re-measured by inject: a part's Content-Length may count characters, not
  // bytes (google-api-python-client writes len(body)), and a wrong one would fail the call.
  const { 'content-length': _length, ...own } = call.headers;
  return { ...headers, ...own };
}

/** Runs one call through the emulator's own routes. */
async function runCall(app: FastifyInstance, outer: FastifyRequest, call: BatchCall): Promise<BatchAnswer> {
  // A batch reaches the Games APIs only: not the control API, the OAuth endpoints or another batch.
  if (!pathOf(call.url).startsWith('/games/')) {
    return errorAnswer(call, notFoundError(`The requested URL ${pathOf(call.url)} was not found on this server.`));
  }
  let response;
  try {
    response = await app.inject({
      method: call.method as 'GET',
      url: call.url,
      headers: callHeaders(outer, call),
      ...(call.body === '' ? {} : { payload: call.body }),
    });
  } catch {
    // A fault dropped this call's connection: the batch still answers, this part as unavailable.
    return errorAnswer(call, new GoogleApiError({ httpStatus: 503, reason: 'backendError', message: 'The service is currently unavailable.' }));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (INNER_ONLY.test(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { contentId: call.contentId, status: response.statusCode, headers, body: response.body };
}

/** Registers the batch endpoints and their `multipart/mixed` body parser. */
export function registerBatchRoutes(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/mixed', { parseAs: 'string' }, (_request, body, done) => {
    done(null, typeof body === 'string' ? body : body.toString('utf8'));
  });

  const handler = async (request: FastifyRequest): Promise<{ boundary: string; body: string }> => {
    let calls: BatchCall[];
    try {
      calls = parseBatch(request.headers['content-type'], typeof request.body === 'string' ? request.body : '');
    } catch (error) {
      if (error instanceof BatchFormatError) throw batchFormatError(error.detail);
      throw error;
    }
    if (calls.length > MAX_BATCH_CALLS) throw batchFormatError(`${calls.length} items, more than ${MAX_BATCH_CALLS}`);
    const answers: BatchAnswer[] = [];
    for (const call of calls) answers.push(await runCall(app, request, call));
    const boundary = `batch_${randomBytes(12).toString('base64url')}`;
    return { boundary, body: formatBatch(answers, boundary) };
  };

  for (const url of ['/batch', '/batch/:api/:version']) {
    app.post(url, { config: routeConfig('batch') }, async (request, reply) => {
      const { boundary, body } = await handler(request);
      return reply.header('content-type', `multipart/mixed; boundary=${boundary}`).send(body);
    });
  }
}
