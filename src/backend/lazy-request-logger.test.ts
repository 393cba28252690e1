import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazyRequestLogger } from './lazy-request-logger.js';
import { createLogger } from './logger.js';

/** A Fastify app logging into `lines`, with a route that logs at `warn` and `info` and through a grandchild. */
async function app(level: string, childLoggerFactory?: typeof lazyRequestLogger) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const { time: _time, pid: _pid, hostname: _host, responseTime: _rt, ...line } = JSON.parse(chunk.toString('utf8')) as Record<string, unknown>;
      lines.push(line);
      done();
    },
  });
  const fastify = Fastify({ loggerInstance: createLogger(level, stream), ...(childLoggerFactory ? { childLoggerFactory } : {}) });
  fastify.get('/log', (request) => {
    request.log.warn({ accessToken: 'SECRET-1', playerId: 'g1' }, 'something to see');
    request.log.info('detail');
    request.log.child({ part: 'inner' }).error({ refresh_token: 'SECRET-2' }, 'from a grandchild');
    return {};
  });
  fastify.get('/quiet', (request) => {
    request.log.level = 'debug';
    request.log.debug('now visible');
    return {};
  });
  return { fastify, lines };
}

async function linesOf(level: string, factory: typeof lazyRequestLogger | undefined, url: string) {
  const { fastify, lines } = await app(level, factory);
  expect((await fastify.inject({ url })).statusCode).toBe(200);
  await fastify.close();
  return lines;
}

describe('lazyRequestLogger', () => {
  it.each(['warn', 'info', 'error', 'silent'])('writes at %s exactly what the eager child writes, reqId and redaction included', async (level) => {
    const lazy = await linesOf(level, lazyRequestLogger, '/log');
    const eager = await linesOf(level, undefined, '/log');
    expect(lazy).toEqual(eager);
    const text = JSON.stringify(lazy);
    expect(text).not.toContain('SECRET');
    if (level === 'warn') {
      expect(lazy.map((l) => l.msg)).toEqual(['something to see', 'from a grandchild']);
      expect(lazy.every((l) => l.reqId === 'req-1')).toBe(true);
      expect(lazy[1]).toMatchObject({ part: 'inner', refresh_token: '[redacted]' });
    }
  });

  it('lets a handler change its own request logger level', async () => {
    const lines = await linesOf('warn', lazyRequestLogger, '/quiet');
    expect(lines).toEqual(await linesOf('warn', undefined, '/quiet'));
    expect(lines.map((l) => l.msg)).toEqual(['now visible', 'request completed']);
  });
});
