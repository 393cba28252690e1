/**
 * Fastify's `clientErrorHandler`: what the backend answers when a request is not valid HTTP at
 * all (Node's parser refuses it before Fastify sees a request, so neither a route nor the error
 * handler runs). Fastify's default answers `{"error":"Bad Request","message":"Client Error"}`;
 * here it is the one error envelope, `{ error: { code, message } }` (docs/API.md, 'Conventions'),
 * with a message that says which part of the framing to fix (RFC 9112).
 *
 * Node's parse errors carry the raw bytes (`rawPacket`), which may hold a token: only the
 * parser's code and its fixed description are logged.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ApiError, type ErrorCode } from '../errors.js';

/** What Node passes to `clientError`: an Error with the parser's code (`HPE_…`) and description. */
type ClientError = Error & { code?: string; reason?: string };

const HEADER_PROBLEMS = new Set(['HPE_INVALID_HEADER_TOKEN', 'HPE_LF_EXPECTED', 'HPE_CR_EXPECTED', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_EOF_STATE']);
const FRAMING_PROBLEMS = new Set([
  'HPE_INVALID_CONTENT_LENGTH',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_INVALID_TRANSFER_ENCODING',
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_CHUNK_EXTENSIONS_OVERFLOW',
]);

/** The registry error a parse failure answers. */
export function clientErrorAnswer(error: ClientError): ApiError {
  const code = error.code ?? '';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError('REQUEST_TIMEOUT');
  if (code === 'HPE_HEADER_OVERFLOW') return new ApiError('REQUEST_HEADERS_TOO_LARGE');
  const kind: ErrorCode = 'INVALID_REQUEST';
  if (HEADER_PROBLEMS.has(code)) {
    return new ApiError(kind, {
      message:
        'The request is not valid HTTP: a header is malformed (a CR, LF or NUL in it, a space or other character HTTP forbids in its name, or a value folded onto the next line); fix the client or the proxy in front of it.',
    });
  }
  if (FRAMING_PROBLEMS.has(code)) {
    return new ApiError(kind, {
      message:
        'The request is not valid HTTP: its body framing is malformed (send one Content-Length of digits, or Transfer-Encoding: chunked with well-formed chunks, never both).',
    });
  }
  return new ApiError(kind, { message: 'The request is not valid HTTP/1.1 (its request line or framing cannot be parsed).' });
}

/** Answers a request Node's HTTP parser refused, in the error envelope, and closes the connection. */
export function clientErrorHandler(this: FastifyInstance, error: ClientError, socket: Socket): void {
  // A reset connection has no one to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = clientErrorAnswer(error);
  this.log.info({ errorCode: answer.code, status: answer.status, parserCode: error.code, parserReason: error.reason }, 'request refused: not valid HTTP');
  // As Node does: once an answer to this connection's request has started, a second one would
  // corrupt it; then the connection is only closed.
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inProgress?.headersSent) {
    const body = JSON.stringify(answer.toBody());
    socket.write(
      `HTTP/1.1 ${answer.status} ${statusText(answer.status)}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

function statusText(status: number): string {
  return { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[status] ?? 'Bad Request';
}
