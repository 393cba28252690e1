/**
 * Google's batch wire format (https://developers.google.com/games/services/web/api/batch, the same
 * for every Google API): a `multipart/mixed` body (RFC 2046 §5.1) with one `application/http`
 * part per call, each an HTTP request (request line, headers, blank line, body) and usually a
 * `Content-ID`; the answer is `multipart/mixed` too, one `application/http` part per call in
 * the same order, `Content-ID: <response-…>` echoing the call's, each an HTTP response (status
 * line, headers, blank line, JSON body). Lines end in CRLF on the way out; a bare LF is read too.
 * This module only reads and writes the format; `batch.ts` runs the calls.
 */
import { STATUS_CODES } from 'node:http';

/** One call of a batch, as its part wrote it. */
export interface BatchCall {
  /** The part's `Content-ID`, as sent (with its angle brackets, if any). */
  contentId: string | undefined;
  method: string;
  /** Path and query (an absolute URL is reduced to them). */
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** The answer to one call. */
export interface BatchAnswer {
  contentId: string | undefined;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A batch body that cannot be read; `detail` says why (never echoing the body). */
export class BatchFormatError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'BatchFormatError';
  }
}

const LINE_BREAK = /\r?\n/;
const BLANK_LINE = /\r?\n\r?\n/;

/** The `boundary` parameter of a `multipart/mixed` content type. */
export function batchBoundary(contentType: string | undefined): string {
  if (contentType === undefined || !/^multipart\/mixed\s*(;|$)/i.test(contentType)) {
    throw new BatchFormatError('the content type is not multipart/mixed');
  }
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) throw new BatchFormatError('the content type has no boundary');
  return boundary;
}

/** Splits `text` at its first blank line: the head (header lines) and what follows. */
function splitHead(text: string): [string, string] {
  const empty = /^\r?\n/.exec(text);
  if (empty) return ['', text.slice(empty[0].length)];
  const blank = BLANK_LINE.exec(text);
  if (!blank) return [text, ''];
  return [text.slice(0, blank.index), text.slice(blank.index + blank[0].length)];
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    // A folded header (RFC 5322 §2.2.3; Python's email generator folds long ones) continues the last.
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers[last] = [headers[last], line.trim()].filter((part) => part !== '').join(' ');
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new BatchFormatError(`a header line has no name: ${JSON.stringify(line.slice(0, 40))}`);
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The path and query of a request target, absolute or not. */
function requestPath(target: string): string {
  if (target.startsWith('/')) return target;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new BatchFormatError(`a request line has no valid URL: ${JSON.stringify(target.slice(0, 80))}`);
  }
  return `${url.pathname}${url.search}`;
}

/** Reads one `application/http` part into a call. */
function parsePart(part: string, index: number): BatchCall {
  const [partHead, http] = splitHead(part.replace(/^\r?\n/, ''));
  const partHeaders = parseHeaders(partHead.split(LINE_BREAK));
  const type = partHeaders['content-type'];
  if (type === undefined || !/^application\/http\s*(;|$)/i.test(type)) {
    throw new BatchFormatError(`part ${index + 1} is not application/http`);
  }
  const [requestHead, body] = splitHead(http.replace(/^(\r?\n)+/, ''));
  const [requestLine = '', ...headerLines] = requestHead.split(LINE_BREAK);
  const match = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(requestLine);
  if (!match) throw new BatchFormatError(`part ${index + 1} has no request line`);
  return { contentId: partHeaders['content-id'], method: match[1]!, url: requestPath(match[2]!), headers: parseHeaders(headerLines), body };
}

/** Reads a batch body into its calls, in order; throws `BatchFormatError` for one it cannot read. */
export function parseBatch(contentType: string | undefined, body: string): BatchCall[] {
  const delimiter = `--${batchBoundary(contentType)}`;
  const segments = body.split(delimiter);
  // segments[0] is the preamble; the close delimiter leaves a segment starting with `--`.
  const calls: BatchCall[] = [];
  let closed = false;
  for (const segment of segments.slice(1)) {
    if (segment.startsWith('--')) {
      closed = true;
      break;
    }
    // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    calls.push(parsePart(segment.replace(/\r?\n$/, ''), calls.length));
  }
  if (!closed) throw new BatchFormatError('the body does not end with the closing boundary');
  if (calls.length === 0) throw new BatchFormatError('0 items');
  return calls;
}

/** The `Content-ID` of an answer: `response-` before the call's own ID, inside angle brackets. */
export function responseContentId(contentId: string): string {
  const bare = contentId.startsWith('<') && contentId.endsWith('>') ? contentId.slice(1, -1) : contentId;
  return `<response-${bare}>`;
}

/** Writes the answers as a `multipart/mixed` body with `boundary`. */
export function formatBatch(answers: readonly BatchAnswer[], boundary: string): string {
  const parts = answers.map((answer) => {
    const partHeaders = ['Content-Type: application/http', ...(answer.contentId === undefined ? [] : [`Content-ID: ${responseContentId(answer.contentId)}`])];
    const headers = Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`);
    if (answer.body !== '') headers.push(`content-length: ${Buffer.byteLength(answer.body)}`);
    const statusLine = `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`.trimEnd();
    return `--${boundary}\r\n${partHeaders.join('\r\n')}\r\n\r\n${statusLine}\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n${answer.body}\r\n`;
  });
  return `${parts.join('')}--${boundary}--\r\n`;
}
