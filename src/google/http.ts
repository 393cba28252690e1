/**
 * The one request function every Google client goes through.
 *
 * - Every attempt has a timeout (`AbortSignal.timeout`), and the whole call an overall deadline:
 *   no Google call blocks a request forever: a player's request must answer even when Google hangs.
 * - Keep-alive: undici pools connections (undici-transport.ts); a connection only goes back to
 *   the pool once its body has been read, so every body is read to the end, error or not.
 * - Retries with full-jitter exponential backoff on 429, 5xx, network errors and timeouts, that
 *   honour `Retry-After` (RFC 9110 §10.2.3: seconds or an HTTP date). Only for calls the caller
 *   marks `retrySafe`: a token exchange (single-use code) or an increment without a `requestId`
 *   must never be sent twice. Backoff shape: "Exponential Backoff And Jitter", AWS Architecture
 *   Blog (2015), and Google's guidance for its APIs (cloud.google.com/storage/docs/retry-strategy).
 * - Google's error envelope (`{error: {code, message, errors[], status}}`, docs/google/errors.md) and the
 *   RFC 6749 §5.2 OAuth error body are parsed into the typed errors of `errors.ts`.
 */
import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { FetchLike, HeaderReader } from './fetch-like.js';
import { undiciFetch } from './undici-transport.js';
import { meaningOfGoogleAnswer, retriedWithinCall } from './answer-meaning.js';
import { GoogleApiError, GoogleOAuthError, GoogleUnavailableError, type GoogleError } from './errors.js';
import { googleStatusForHttp } from './wire/errors.js';

export type { FetchLike, HeaderReader, TransportResponse } from './fetch-like.js';

/** What one attempt ended with: an HTTP status, or no answer at all. */
export type CallOutcome = number | 'network' | 'timeout' | 'aborted';

/** Reported once per attempt, e.g. to count Google calls by operation and status in Prometheus. */
export interface CallInfo {
  /** Stable operation name, e.g. `games.players.get`, `oauth.token.refresh`. */
  operation: string;
  /** HTTP status, `network` (no answer), `timeout`, or `aborted` (the caller's signal fired). */
  status: CallOutcome;
  durationMs: number;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
}

export type OnCall = (info: CallInfo) => void;

/** Bounds of the retry loop. */
export interface RetryPolicy {
  /** Attempts in all, the first included, for a call marked safe to retry. */
  maxAttempts: number;
  /** Backoff before retry n is uniform in [0, min(maxDelayMs, baseDelayMs × 2^(n-1))] (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest `Retry-After` we wait out in-process. A longer one ends the retries at once and
   * the error carries `retryAfterMs`, so a caller with a queue (the achievement outbox) can
   * schedule the retry instead of holding a request open.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
};

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default overall deadline of a call, retries and backoff included. */
export const DEFAULT_DEADLINE_MS = 30_000;

/** Options every client constructor accepts for its transport. */
export interface HttpClientOptions {
  /** Injectable fetch (tests, custom agents). Default: `undiciFetch` (undici-transport.ts). */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms. Default 10 s. */
  timeoutMs?: number;
  /** Overall deadline of one call, retries included, in ms. Default 30 s. */
  deadlineMs?: number;
  retry?: Partial<RetryPolicy>;
  onCall?: OnCall;
  /** Wall clock in epoch ms, for HTTP-date `Retry-After`. Default `Date.now`. */
  now?: () => number;
  /** Source of randomness for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits between attempts. Default: a real timer that the caller's signal can cancel. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** `User-Agent` header. */
  userAgent?: string;
}

/** Per-call overrides every client method accepts as its last argument. */
export interface CallOptions {
  /** Per-attempt timeout for this call, in ms. */
  timeoutMs?: number;
  /** Overall deadline for this call, in ms. */
  deadlineMs?: number;
  /** Attempts for this call (only matters when it is safe to retry). */
  maxAttempts?: number;
  /** Cancels the call; the signal's reason is rethrown as is. */
  signal?: AbortSignal;
}

/** One request to Google. */
export interface HttpRequest extends CallOptions {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  /** Sent as `Authorization: Bearer …`, never in the query string. */
  accessToken?: string;
  /** An `application/x-www-form-urlencoded` body; undefined values are left out. */
  form?: Record<string, string | undefined>;
  /** A JSON body. */
  json?: unknown;
  /** Whether sending this request twice is harmless. Unsafe calls get exactly one attempt. */
  retrySafe: boolean;
  /** `google` (the `{error: {…}}` envelope) or `oauth` (RFC 6749 §5.2). Default `google`. */
  errorFormat?: 'google' | 'oauth';
  /** Values that must never appear in an error message (scrubbed from whatever Google echoes). */
  secrets?: readonly (string | undefined)[];
}

/** A successful answer. `body` is the parsed JSON, or undefined for an empty body. */
export interface HttpResponse {
  status: number;
  headers: HeaderReader;
  body: unknown;
}

const MAX_MESSAGE_CHARS = 500;

type AttemptResult =
  | { kind: 'response'; status: number; headers: HeaderReader; text: string }
  | { kind: 'network' | 'timeout'; cause: unknown };

/** Sends requests to Google with timeouts, retries and typed errors; shared by every client. */
export class HttpClient {
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #retry: RetryPolicy;
  readonly #onCall: OnCall | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #userAgent: string;

  constructor(options: HttpClientOptions = {}) {
    this.#fetch = options.fetch ?? undiciFetch;
    this.#timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.#deadlineMs = positive(options.deadlineMs, DEFAULT_DEADLINE_MS, 'deadlineMs');
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!Number.isInteger(this.#retry.maxAttempts) || this.#retry.maxAttempts < 1) {
      throw new RangeError('retry.maxAttempts must be an integer ≥ 1');
    }
    this.#onCall = options.onCall;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? ((ms, signal) => sleepTimer(ms, undefined, signal ? { signal } : undefined));
    this.#userAgent = options.userAgent ?? 'play-games-server';
  }

  /**
   * Sends `req`, retrying when it is safe, and returns the 2xx answer; throws a `GoogleApiError`,
   * `GoogleOAuthError` or `GoogleUnavailableError` otherwise (or the caller's abort reason).
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    const deadlineMs = positive(req.deadlineMs, this.#deadlineMs, 'deadlineMs');
    const timeoutMs = positive(req.timeoutMs, this.#timeoutMs, 'timeoutMs');
    const maxAttempts = req.retrySafe ? positive(req.maxAttempts, this.#retry.maxAttempts, 'maxAttempts') : 1;
    const secrets = (req.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
    if (req.accessToken) secrets.push(req.accessToken);

    for (let attempt = 1; ; attempt++) {
      const remaining = deadlineMs - (performance.now() - started);
      const attemptTimeout = Math.max(1, Math.ceil(Math.min(timeoutMs, remaining)));
      const result = await this.#attempt(req, attempt, attemptTimeout);

      let failure: { error: GoogleError; retryable: boolean; retryAfterMs?: number | undefined };
      if (result.kind === 'response') {
        if (result.status >= 200 && result.status < 300) {
          return this.#success(req, result, attempt, secrets);
        }
        failure = this.#httpFailure(req, result, attempt, secrets);
      } else {
        failure = {
          retryable: true,
          error: new GoogleUnavailableError(
            {
              operation: req.operation,
              kind: result.kind,
              attempts: attempt,
              message:
                result.kind === 'timeout'
                  ? `${req.operation}: no answer from Google within ${Math.round(attemptTimeout)} ms`
                  : `${req.operation}: could not reach Google (${describeNetworkError(result.cause)})`,
            },
            { cause: result.kind === 'network' ? result.cause : undefined },
          ),
        };
      }

      if (!failure.retryable || attempt >= maxAttempts) throw failure.error;
      const retryAfter = failure.retryAfterMs;
      if (retryAfter !== undefined && retryAfter > this.#retry.maxRetryAfterMs) throw failure.error;
      const backoff = this.#random() * Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(retryAfter ?? 0, backoff);
      // Leave no retry that could not even start before the deadline.
      if (performance.now() - started + delay >= deadlineMs) throw failure.error;
      try {
        await this.#sleep(delay, req.signal);
      } catch (error) {
        if (req.signal?.aborted) throw abortReason(req.signal);
        throw error;
      }
      if (req.signal?.aborted) throw abortReason(req.signal);
    }
  }

  async #attempt(req: HttpRequest, attempt: number, timeoutMs: number): Promise<AttemptResult> {
    req.signal?.throwIfAborted();
    // A timer of our own, cleared once the answer is read: `AbortSignal.timeout` keeps its timer
    // and signal alive until the timeout passes, thousands at once under load.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
    timer.unref();
    const timeoutSignal = timeout.signal;
    const signal = req.signal ? AbortSignal.any([req.signal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.#userAgent };
    if (req.accessToken !== undefined) headers.authorization = `Bearer ${req.accessToken}`;
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(req.form)) if (value !== undefined) params.append(key, value);
      body = params.toString();
    } else if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }

    const started = performance.now();
    const report = (status: CallOutcome): void => {
      if (!this.#onCall) return;
      try {
        this.#onCall({ operation: req.operation, status, durationMs: performance.now() - started, attempt });
      } catch {
        // A metrics hook must never break a Google call.
      }
    };
    try {
      // `redirect: 'manual'`: Google's APIs do not redirect, and a bearer token must not follow a
      // redirect anywhere; a 3xx surfaces as an error instead.
      const res = await this.#fetch(req.url.href, { method: req.method, headers, body, signal, redirect: 'manual' });
      // Read the whole body under the same signal: frees the connection for reuse (keep-alive),
      // and a body that stalls counts against the timeout too.
      const text = await res.text();
      report(res.status);
      return { kind: 'response', status: res.status, headers: res.headers, text };
    } catch (error) {
      if (req.signal?.aborted) {
        report('aborted');
        throw abortReason(req.signal);
      }
      if (timeoutSignal.aborted) {
        report('timeout');
        return { kind: 'timeout', cause: error };
      }
      report('network');
      return { kind: 'network', cause: error };
    } finally {
      clearTimeout(timer);
    }
  }

  #success(
    req: HttpRequest,
    result: { status: number; headers: HeaderReader; text: string },
    attempt: number,
    secrets: string[],
  ): HttpResponse {
    if (result.text.trim() === '') return { status: result.status, headers: result.headers, body: undefined };
    try {
      return { status: result.status, headers: result.headers, body: JSON.parse(result.text) as unknown };
    } catch {
      throw new GoogleUnavailableError({
        operation: req.operation,
        kind: 'invalid_response',
        status: result.status,
        attempts: attempt,
        message: scrub(
          `${req.operation}: Google answered HTTP ${result.status} with a body that is not JSON (${contentType(result.headers)})`,
          secrets,
        ),
      });
    }
  }

  #httpFailure(
    req: HttpRequest,
    result: { status: number; headers: HeaderReader; text: string },
    attempt: number,
    secrets: string[],
  ): { error: GoogleError; retryable: boolean; retryAfterMs?: number | undefined } {
    const { status } = result;
    const retryAfterMs = parseRetryAfter(result.headers.get('retry-after'), this.#now());
    const parsed = parseErrorBody(result.text);
    const reason = parsed.reason;
    // Every "not now" answer is a GoogleUnavailableError, so a GoogleApiError is always definitive;
    // only those that clear within seconds are retried inside the call.
    if (meaningOfGoogleAnswer(status, reason) === 'retry') {
      const what = describeGoogleError(status, parsed);
      return {
        retryable: retriedWithinCall(status, reason),
        retryAfterMs,
        error: new GoogleUnavailableError({
          operation: req.operation,
          kind: 'http',
          status,
          googleStatus: parsed.googleStatus ?? googleStatusForHttp(status),
          reason,
          retryAfterMs,
          attempts: attempt,
          message: scrub(`${req.operation}: Google answered ${what}`, secrets),
        }),
      };
    }

    if (req.errorFormat === 'oauth' && parsed.oauthError !== undefined) {
      return {
        retryable: false,
        error: new GoogleOAuthError({
          operation: req.operation,
          status,
          error: oauthErrorCode(parsed.oauthError, secrets),
          description: parsed.message === undefined ? undefined : scrub(parsed.message, secrets),
        }),
      };
    }

    return {
      retryable: false,
      error: new GoogleApiError({
        operation: req.operation,
        status,
        googleStatus: parsed.googleStatus,
        reason,
        retryAfterMs,
        message: scrub(`${req.operation}: Google answered ${describeGoogleError(status, parsed)}`, secrets),
      }),
    };
  }
}

interface ParsedErrorBody {
  /** Whether the body was JSON at all. */
  json: boolean;
  googleStatus?: string | undefined;
  reason?: string | undefined;
  message?: string | undefined;
  /** RFC 6749 `error`, when the body had that shape. */
  oauthError?: string | undefined;
}

/**
 * Parses Google's error envelope (docs/google/errors.md, 'Envelope'), the flattened form older PGS
 * answers used (`{code, errors[]}`), or an RFC 6749 body
 * (`{error: "invalid_grant", error_description}`). Anything else (a proxy's HTML 502) yields
 * `{ json: false }`.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { json: false };
  }
  if (!isRecord(data)) return { json: true };
  const error = data.error;
  if (typeof error === 'string') {
    return { json: true, oauthError: error, message: stringOr(data.error_description) };
  }
  const envelope = isRecord(error) ? error : data;
  const items = Array.isArray(envelope.errors) ? envelope.errors : [];
  const first: unknown = items[0];
  let reason = isRecord(first) ? stringOr(first.reason) : undefined;
  if (reason === undefined && Array.isArray(envelope.details)) {
    // Newer bodies carry the reason only in a google.rpc.ErrorInfo detail.
    const info: unknown = envelope.details.find((d) => isRecord(d) && typeof d.reason === 'string');
    if (isRecord(info)) reason = stringOr(info.reason);
  }
  return {
    json: true,
    googleStatus: stringOr(envelope.status),
    reason,
    message: stringOr(envelope.message) ?? (isRecord(first) ? stringOr(first.message) : undefined),
  };
}

/**
 * Parses a `Retry-After` value, delay-seconds or HTTP-date (RFC 9110 §10.2.3), into milliseconds
 * from `now`; undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names a day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); this keeps
  // Date.parse from reading "-3" or "1.5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Replaces every secret in `text` and caps its length: error messages must never leak one. Never throws. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    // The secret as is, then as Google could echo a query or form value back.
    for (const form of [secret, ...encodedForms(secret)]) out = out.split(form).join('[REDACTED]');
  }
  return out.length > MAX_MESSAGE_CHARS ? `${out.slice(0, MAX_MESSAGE_CHARS)}…` : out;
}

/**
 * The URL- and form-encoded spellings of a secret that differ from it. `encodeURIComponent`
 * throws on a lone surrogate (a client may send one in a code), which must not turn a refused
 * code into a 500; `URLSearchParams` encodes it the way the form body carried it.
 */
function encodedForms(secret: string): string[] {
  const forms = new Set<string>([new URLSearchParams({ s: secret }).toString().slice(2)]);
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // Not encodable that way, so never sent that way either.
  }
  forms.delete(secret);
  return [...forms];
}

/**
 * RFC 6749 §5.2 `error` codes (`invalid_grant`, `invalid_client`…) are a fixed vocabulary that
 * callers branch on, so a code of that shape is kept as is: scrubbing it of a secret that happens
 * to be a substring (a client sending "a" as its server auth code) would turn `invalid_grant`
 * into an unknown error. Anything else is scrubbed like a message.
 */
function oauthErrorCode(error: string, secrets: readonly string[]): string {
  return /^[a-z_]{1,64}$/.test(error) ? error : scrub(error, secrets);
}

function describeGoogleError(status: number, parsed: ParsedErrorBody): string {
  if (!parsed.json) return `HTTP ${status} without a JSON body`;
  const parts = [`HTTP ${status}`];
  const googleStatus = parsed.googleStatus ?? parsed.oauthError;
  if (googleStatus) parts.push(googleStatus);
  if (parsed.reason) parts.push(`(${parsed.reason})`);
  return parts.join(' ') + (parsed.message ? `: ${parsed.message}` : '');
}

function describeNetworkError(error: unknown): string {
  // undici wraps the socket error as `cause`; its `code` (ECONNREFUSED…) is safe to show, while
  // messages may quote URLs, so they are left out.
  const cause = isRecord(error) && 'cause' in error ? error.cause : undefined;
  const code = isRecord(cause) ? stringOr(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.name : 'unknown error');
}

/** The caller's abort reason, rethrown as is (an Error, as `AbortController.abort()` makes). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError');
}

function contentType(headers: HeaderReader): string {
  return headers.get('content-type')?.split(';')[0] ?? 'no content type';
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}
