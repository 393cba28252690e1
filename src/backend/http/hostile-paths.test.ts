/**
 * Hostile paths under `/docs/static/*` (the files of the API docs page, served by
 * @fastify/static), asked over a real socket: `app.inject()` resolves `..` in the URL before the
 * router sees it, so only a socket sends these paths as an attacker does.
 */
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend, type Backend } from '../app.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `path` exactly as written (no URL normalisation) and reads the whole answer. */
function rawGet(port: number, method: string, path: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('hostile paths under /docs/static', () => {
  let store: Store;
  let backend: Backend;
  let port: number;
  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    backend = await createBackend({ config: withCredentials(testConfig()), store });
    await backend.app.listen({ host: '127.0.0.1', port: 0 });
    port = (backend.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await backend.close();
    await store.close();
  });

  // Regression: these answered 500 INTERNAL: `send` refuses a path that climbs out of the static
  // folder with its own 403 error, which the error handler did not know.
  it.each([
    '/docs/static/%2e%2e/%2e%2e/package.json',
    '/docs/static/../../../etc/passwd',
    '/docs/static/a/../../../package.json',
    '/docs/static/..%2f..%2fpackage.json',
  ])('GET %s answers 404 ROUTE_NOT_FOUND in the error envelope, with nothing from outside the folder', async (path) => {
    const res = await rawGet(port, 'GET', path);
    expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({
      status: 404,
      body: { error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } },
    });
    expect(res.body).not.toContain('play-games-server');
  });

  it('a path that climbs back into /docs serves the docs page, nothing from outside', async () => {
    const res = await rawGet(port, 'GET', '/docs/static/%2e%2e/');
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toContain('"dependencies"');
  });

  it('HEAD of a path that climbs out of the folder answers 404 too', async () => {
    const res = await rawGet(port, 'HEAD', '/docs/static/%2e%2e/%2e%2e/package.json');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('a NUL byte in a static path answers 400 INVALID_REQUEST', async () => {
    const res = await rawGet(port, 'GET', '/docs/static/%00');
    expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', message: expect.any(String) } },
    });
  });

  // Regression: a missing file answered 405 with `Allow: HEAD, GET`, listing the very method it refused.
  it('a missing file answers 404, not 405', async () => {
    const res = await rawGet(port, 'GET', '/docs/static/no-such-file.js');
    expect({ status: res.status, allow: res.headers.allow, body: JSON.parse(res.body) }).toEqual({
      status: 404,
      allow: undefined,
      body: { error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } },
    });
  });

  it('a file that exists is still served, and another method still answers 405', async () => {
    const css = await rawGet(port, 'GET', '/docs/static/swagger-ui.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    const post = await rawGet(port, 'POST', '/docs/static/swagger-ui.css');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });
});
