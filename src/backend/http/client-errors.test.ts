/**
 * Requests that are not valid HTTP, sent over a raw socket (no HTTP client would send them), are
 * answered in the error envelope. Regression: they got Fastify's default
 * `{"error":"Bad Request","message":"Client Error","statusCode":400}`.
 */
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend, type Backend } from '../app.js';
import { createLogger } from '../logger.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';
import { clientErrorAnswer } from './client-errors.js';

/** Writes `bytes` as they are and reads until the server closes (or `waitMs` passes). */
function exchange(port: number, bytes: string, waitMs = 3000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer: false });
    }, waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), closedByServer: true });
    });
  });
}

function parse(text: string): { status: number; headers: Record<string, string>; body: unknown } {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const body = text.slice(split + 4);
  expect(Buffer.byteLength(body)).toBe(Number(headers['content-length']));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

const SECRET = 'ya29.secret-access-token-0123456789';

describe('requests that are not valid HTTP', () => {
  let store: Store;
  let backend: Backend;
  let port: number;
  const lines: string[] = [];
  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    backend = await createBackend({ config: withCredentials(testConfig()), store, logger: createLogger('info', stream) });
    await backend.app.listen({ host: '127.0.0.1', port: 0 });
    port = (backend.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await backend.close();
    await store.close();
  });

  const head = `POST /v1/auth/refresh HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${SECRET}\r\n`;
  it.each([
    ['a bare CR inside a header value', `${head}X-A: a\rb\r\n\r\n`, 'a header is malformed'],
    ['a LF inside a header name', `${head}X-\nA: a\r\n\r\n`, 'a header is malformed'],
    ['a NUL byte in a header value', `${head}X-A: a\u0000b\r\n\r\n`, 'a header is malformed'],
    ['a NUL byte in a header name', `${head}X-\u0000A: b\r\n\r\n`, 'a header is malformed'],
    ['an obs-fold (a value continued on the next line)', `${head}X-A: a\r\n b\r\n\r\n`, 'a header is malformed'],
    ['a space before the colon', `${head}X-A : b\r\n\r\n`, 'a header is malformed'],
    ['Content-Length with Transfer-Encoding', `${head}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 'body framing'],
    ['a negative Content-Length', `${head}Content-Length: -1\r\n\r\n`, 'body framing'],
    ['two Content-Lengths', `${head}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 'body framing'],
    ['a NUL byte in the path', 'GET /v1/me\u0000 HTTP/1.1\r\nHost: localhost\r\n\r\n', 'not valid HTTP/1.1'],
    ['a request line that is no request line', 'GARBAGE\r\n\r\n', 'not valid HTTP/1.1'],
    ['an unknown HTTP version', 'GET /healthz HTTP/9.9\r\nHost: localhost\r\n\r\n', 'not valid HTTP/1.1'],
  ])('%s: 400 INVALID_REQUEST in the envelope, and the connection is closed', async (_what, bytes, says) => {
    const { text, closedByServer } = await exchange(port, bytes);
    const answer = parse(text);
    expect(answer).toEqual({
      status: 400,
      headers: expect.objectContaining({ 'content-type': 'application/json; charset=utf-8', connection: 'close' }),
      body: { error: { code: 'INVALID_REQUEST', message: expect.stringContaining(says) } },
    });
    expect(closedByServer).toBe(true);
  });

  it('oversized headers: 431 REQUEST_HEADERS_TOO_LARGE in the envelope', async () => {
    const { text, closedByServer } = await exchange(port, `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(parse(text)).toEqual({
      status: 431,
      headers: expect.objectContaining({ connection: 'close' }),
      body: { error: { code: 'REQUEST_HEADERS_TOO_LARGE', message: expect.any(String) } },
    });
    expect(closedByServer).toBe(true);
  });

  it('logs the refusal by its parser code, never the bytes sent', () => {
    const refusals = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request refused: not valid HTTP');
    expect(refusals.length).toBeGreaterThanOrEqual(12);
    expect(refusals).toContainEqual(expect.objectContaining({ errorCode: 'INVALID_REQUEST', status: 400, parserCode: 'HPE_INVALID_TRANSFER_ENCODING' }));
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('a valid request on a fresh connection is still served', async () => {
    const { text } = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(parse(text)).toEqual({ status: 200, headers: expect.any(Object), body: { status: 'ok' } });
  });

  it('a request that timed out answers 408 REQUEST_TIMEOUT', () => {
    const timedOut = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    expect([clientErrorAnswer(timedOut).status, clientErrorAnswer(timedOut).code]).toEqual([408, 'REQUEST_TIMEOUT']);
  });
});
