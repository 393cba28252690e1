/**
 * The hooks every request passes through: bookkeeping, fault injection and the request log.
 * - onRequest: start the clock; for non-control paths, match faults; wait the "before" delays;
 *   answer the fault's status or drop the connection before the request is applied.
 * - onSend: for `after: true` faults, the request has been applied; wait, then replace the
 *   answer with the fault's status or drop the connection.
 * - onResponse: log the request (never control calls).
 * Fault answers at `/token`, `/revoke` and `/tokeninfo` use an RFC 6749 body (`server_error`,
 * `temporarily_unavailable`, `rate_limit_exceeded`…) with the fault's status, the shape a
 * client of Google's token endpoint already handles; everywhere else Google's envelope.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { presentedToken } from './auth.js';
import { GoogleApiError, OAuthError } from './errors.js';
import { familyOf, pathOf } from './families.js';
import type { Fault } from './faults.js';
import { beginRequest, metaOf, operationOf, type RequestMeta } from './request-context.js';
import type { EmulatorState } from './state.js';

/** Google's reason and message for a status, used when a fault gives none. */
const DEFAULT_FAULTS: Record<number, { reason: string; message: string; oauth: string }> = {
  400: { reason: 'badRequest', message: 'Bad Request', oauth: 'invalid_request' },
  401: { reason: 'authError', message: 'Request had invalid authentication credentials.', oauth: 'invalid_client' },
  403: { reason: 'forbidden', message: 'The caller does not have permission', oauth: 'access_denied' },
  404: { reason: 'notFound', message: 'Requested entity was not found.', oauth: 'invalid_request' },
  409: { reason: 'aborted', message: 'The operation was aborted.', oauth: 'invalid_request' },
  429: {
    reason: 'rateLimitExceeded',
    message: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' of service 'games.googleapis.com'.",
    oauth: 'rate_limit_exceeded',
  },
  500: { reason: 'backendError', message: 'Internal error encountered.', oauth: 'server_error' },
  502: { reason: 'backendError', message: 'Bad Gateway', oauth: 'server_error' },
  503: { reason: 'backendError', message: 'The service is currently unavailable.', oauth: 'temporarily_unavailable' },
  504: { reason: 'backendError', message: 'Deadline exceeded.', oauth: 'temporarily_unavailable' },
};

function defaultsFor(status: number): { reason: string; message: string; oauth: string } {
  return (
    DEFAULT_FAULTS[status] ??
    (status >= 500
      ? { reason: 'backendError', message: 'Internal error encountered.', oauth: 'server_error' }
      : { reason: 'badRequest', message: 'Bad Request', oauth: 'invalid_request' })
  );
}

/** The error a status fault answers with, in the format of the request's path. */
export function faultError(fault: Fault, url: string): GoogleApiError | OAuthError {
  const status = fault.status ?? 500;
  const defaults = defaultsFor(status);
  const headers: Record<string, string> = {};
  const retryAfter = fault.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (familyOf(url) === 'oauth') {
    return new OAuthError(fault.reason ?? defaults.oauth, fault.message ?? defaults.message, status, headers);
  }
  return new GoogleApiError({ httpStatus: status, reason: fault.reason ?? defaults.reason, message: fault.message ?? defaults.message, headers });
}

/** The player of the request's bearer token, for a request answered before its route authenticated it (a fault). */
function tokenPlayer(state: EmulatorState, request: FastifyRequest): string | undefined {
  const token = presentedToken(request);
  return typeof token === 'string' ? state.findAccessToken(token)?.grant.player.playerId : undefined;
}

function recordRequest(state: EmulatorState, request: FastifyRequest, meta: RequestMeta, status: number, dropped: boolean): void {
  if (meta.logged || meta.control) return;
  meta.logged = true;
  const fault = meta.plan ? (meta.plan.terminal ?? meta.plan.faults[0])?.id : undefined;
  state.requestLog.record({
    wallTime: meta.wallTime,
    method: request.method,
    url: request.url,
    operation: operationOf(request),
    playerId: meta.auth?.player.playerId ?? meta.callerPlayerId ?? tokenPlayer(state, request),
    status,
    durationMs: performance.now() - meta.startedAt,
    fault,
    dropped,
  });
}

/** Ends the exchange without an answer: the client sees the connection close. */
function dropConnection(reply: FastifyReply): void {
  const res = reply.raw;
  res.destroy();
  // Under app.inject() there is no socket: neutering the response makes inject() reject as a
  // real client would, instead of delivering the answer Fastify writes after onSend.
  const noop = () => res;
  Object.assign(res, { writeHead: noop, write: () => true, end: noop });
}

/** Installs the bookkeeping, fault and request-log hooks. */
export function installTrafficHooks(app: FastifyInstance, state: EmulatorState): void {
  app.addHook('onRequest', async (request, reply) => {
    // The control API and the web UI (`/`, `/emulator/ui/…`) are the tester's, not Google's: never faulted, never logged.
    const control = request.url.startsWith('/emulator/') || pathOf(request.url) === '/';
    const meta = beginRequest(request, state.clock.wallNow(), control);
    if (control || state.faults.empty) return;
    const plan = state.faults.match(request.method, pathOf(request.url));
    if (!plan) return;
    meta.plan = plan;
    if (plan.delayBeforeMs > 0) await sleep(plan.delayBeforeMs);
    const terminal = plan.terminal;
    if (!terminal || terminal.after) return;
    if (terminal.dropConnection) {
      recordRequest(state, request, meta, 0, true);
      reply.hijack();
      dropConnection(reply);
      return reply;
    }
    const error = faultError(terminal, request.url);
    // Handled by the error handler, which writes the family's format.
    throw error;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const meta = metaOf(request);
    const plan = meta?.plan;
    if (!meta || !plan || meta.afterFaultApplied) return payload;
    const terminal = plan.terminal?.after ? plan.terminal : undefined;
    if (plan.delayAfterMs === 0 && !terminal) return payload;
    meta.afterFaultApplied = true;
    if (plan.delayAfterMs > 0) await sleep(plan.delayAfterMs);
    if (!terminal) return payload;
    if (terminal.dropConnection) {
      recordRequest(state, request, meta, 0, true);
      dropConnection(reply);
      return payload;
    }
    const error = faultError(terminal, request.url);
    reply.code(error.httpStatus);
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(error instanceof GoogleApiError ? error.toEnvelope() : error.toBody());
  });

  app.addHook('onResponse', (request, reply, done) => {
    const meta = metaOf(request);
    if (meta) recordRequest(state, request, meta, reply.statusCode, false);
    done();
  });
}
