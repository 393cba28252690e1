import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logFormatFor } from '../log-format.js';
import { createCommandLogger, createLogger, serializeRequest } from './logger.js';

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

/** A stream that says whether it is a terminal, as process.stdout does. */
function terminal(isTTY: boolean) {
  const lines: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
    { isTTY },
  );
  return { lines, stream };
}

describe('log format', () => {
  it('is pretty on a terminal and JSON elsewhere on auto; json and pretty force it; JSON without pino-pretty', () => {
    expect(logFormatFor('auto', { isTTY: true, prettyAvailable: true })).toBe('pretty');
    expect(logFormatFor('auto', { isTTY: false, prettyAvailable: true })).toBe('json');
    expect(logFormatFor('json', { isTTY: true, prettyAvailable: true })).toBe('json');
    expect(logFormatFor('pretty', { isTTY: false, prettyAvailable: true })).toBe('pretty');
    expect(logFormatFor('auto', { isTTY: true, prettyAvailable: false })).toBe('json');
    expect(logFormatFor('pretty', { isTTY: true, prettyAvailable: false })).toBe('json');
  });

  it('writes readable lines to a terminal, secrets still redacted', async () => {
    const { lines, stream } = terminal(true);
    const { logger, format } = await createCommandLogger('info', 'auto', stream);
    logger.info({ refreshToken: 'SECRET-9', playerId: 'g123' }, 'player signed in');
    expect(format).toBe('pretty');
    const text = lines.join('');
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).toMatch(/INFO.*player signed in/);
    expect(text).toContain('g123');
    expect(text).not.toContain('SECRET-9');
  });

  it('writes one JSON object per line elsewhere, and when told to on a terminal', async () => {
    for (const [isTTY, setting] of [[false, 'auto'], [true, 'json']] as const) {
      const { lines, stream } = terminal(isTTY);
      const { logger, format } = await createCommandLogger('info', setting, stream);
      logger.info({ playerId: 'g123' }, 'player signed in');
      expect(format).toBe('json');
      expect(JSON.parse(lines.join(''))).toMatchObject({ level: 30, msg: 'player signed in', playerId: 'g123' });
    }
  });
});
