/**
 * Google's error envelope, as every Google REST API answers errors.
 */
/** One entry of the legacy `errors[]` array of Google's error envelope. */
export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

/** The `{error: {...}}` envelope every Google REST API answers errors with. */
export interface GoogleErrorEnvelope {
  error: {
    code: number;
    message: string;
    errors: GoogleErrorItem[];
    status: string;
    details?: Array<Record<string, unknown>>;
  };
}

/**
 * The `google.rpc.Code` names Google's HTTP mapping gives a status (the "HTTP Mapping" lines of
 * https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto; table at
 * https://cloud.google.com/apis/design/errors#handling_errors). Where several codes share a
 * status (400: INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE; 409: ABORTED,
 * ALREADY_EXISTS; 500: INTERNAL, UNKNOWN, DATA_LOSS) the entry is the one Google's own client
 * library derives from the bare status: gax-nodejs `HttpCodeToRpcCodeMap` and
 * `rpcCodeFromHttpStatusCode` (https://github.com/googleapis/gax-nodejs/blob/main/src/status.ts),
 * which also maps 416 to OUT_OF_RANGE.
 */
const GOOGLE_STATUS_BY_HTTP: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  416: 'OUT_OF_RANGE',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * The canonical `google.rpc.Code` name for an HTTP status: what a backend client reports for an
 * answer whose body names none (a proxy's HTML page), and what the emulator writes in its
 * envelopes. Statuses outside the mapping follow gax-nodejs: any other 4xx is
 * FAILED_PRECONDITION, any other 5xx INTERNAL.
 *
 * 413 is one of those. No `google.rpc.Code` maps to it, and Google's front end answers an
 * oversized request with a 413 whose body (an HTML error page) names no status; Google's client
 * library then reads it as FAILED_PRECONDITION, and so do we. 502 likewise reads as INTERNAL:
 * only 503 is UNAVAILABLE in Google's mapping.
 */
export function googleStatusForHttp(status: number): string {
  const mapped = GOOGLE_STATUS_BY_HTTP[status];
  if (mapped !== undefined) return mapped;
  if (status >= 200 && status < 300) return 'OK';
  if (status >= 400 && status < 500) return 'FAILED_PRECONDITION';
  if (status >= 500 && status < 600) return 'INTERNAL';
  return 'UNKNOWN';
}
