import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, serializeRequest } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logger', () => {
  it('redacts secrets by key at any of the first levels of nesting', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        serverAuthCode: 'SECRET-1',
        body: { refreshToken: 'SECRET-2', nested: { access_token: 'SECRET-3' } },
        req: { headers: { authorization: 'Bearer SECRET-4', 'x-api-key': 'SECRET-5' } },
        google: { response: { body: { id_token: 'SECRET-6', client_secret: 'SECRET-7' } } },
        playerId: 'g123',
      },
      'sign-in',
    );
    const line = lines.join('');
    for (let i = 1; i <= 7; i++) expect(line).not.toContain(`SECRET-${i}`);
    expect(line).toContain('[redacted]');
    expect(line).toContain('g123');
  });

  it('drops the query string from logged request URLs', () => {
    expect(serializeRequest({ method: 'GET', url: '/v1/me?access_token=SECRET-8', id: 'r1' })).toEqual({
      method: 'GET',
      url: '/v1/me',
      id: 'r1',
    });
  });
});
