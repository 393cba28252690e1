import { describe, expect, it } from 'vitest';
import { RequestLog, redactUrl } from './request-log.js';

const entry = (url: string, operation = 'op') => ({ wallTime: 0, method: 'GET', url, operation, status: 200, durationMs: 1.23456 });

describe('redactUrl', () => {
  it('redacts secret query parameters, keeps the rest', () => {
    expect(redactUrl('/x?access_token=ya29.abc&maxResults=5&token=1//r&code=4/c&client_secret=s&id_token=e.y.j&refresh_token=r')).toBe(
      '/x?access_token=REDACTED&maxResults=5&token=REDACTED&code=REDACTED&client_secret=REDACTED&id_token=REDACTED&refresh_token=REDACTED',
    );
    expect(redactUrl('/games/v1/players/me')).toBe('/games/v1/players/me');
    expect(redactUrl('/x?pageToken=abc')).toBe('/x?pageToken=abc');
  });

  it('redacts Recall session IDs, in a Recall path or the query', () => {
    expect(redactUrl('/games/v1/recall/tokens/recall-emu-abc')).toBe('/games/v1/recall/tokens/REDACTED');
    expect(redactUrl('/games/v1/recall/gamesPlayerTokens/recall-emu-abc?applicationIds=1')).toBe('/games/v1/recall/gamesPlayerTokens/REDACTED?applicationIds=1');
    expect(redactUrl('/games/v1/recall/developerGamesLastPlayerToken/s')).toBe('/games/v1/recall/developerGamesLastPlayerToken/REDACTED');
    expect(redactUrl('/games/v1/recall:linkPersona?sessionId=s&session_id=t')).toBe('/games/v1/recall:linkPersona?sessionId=REDACTED&session_id=REDACTED');
  });

  it('redacts a secret whatever spelling of its name the server decodes to it (an API key as $key was logged)', () => {
    expect(redactUrl('/games/v1/players/me?$key=AIza1&%24key=AIza2&KEY=AIza3&acc%65ss_token=ya29.x&prettyPrint=false')).toBe(
      '/games/v1/players/me?$key=REDACTED&%24key=REDACTED&KEY=REDACTED&acc%65ss_token=REDACTED&prettyPrint=false',
    );
    expect(redactUrl('/x?%E0%A4%A=1&token=t#frag')).toBe('/x?%E0%A4%A=1&token=REDACTED#frag');
  });
});

describe('RequestLog', () => {
  it('keeps the last `capacity` entries, oldest first, with increasing ids', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 5; i += 1) log.record(entry(`/r${i}`));
    const listed = log.list();
    expect(listed.map((item) => item.path)).toEqual(['/r3', '/r4', '/r5']);
    expect(listed.map((item) => item.id)).toEqual(['3', '4', '5']);
    expect(listed[0]).toEqual({ id: '3', time: '1970-01-01T00:00:00.000Z', method: 'GET', path: '/r3', operation: 'op', status: 200, durationMs: 1.235 });
  });

  it('filters by operation, redacts on the way in, and clears', () => {
    const log = new RequestLog(10);
    log.record(entry('/a?access_token=secret', 'a'));
    log.record({ ...entry('/b', 'b'), fault: 'fault-1', dropped: true, status: 0 });
    expect(log.list('b')).toEqual([expect.objectContaining({ path: '/b', fault: 'fault-1', dropped: true, status: 0 })]);
    expect(JSON.stringify(log.list())).not.toContain('secret');
    log.clear();
    expect(log.list()).toEqual([]);
  });

  it('stores nothing with capacity 0', () => {
    const log = new RequestLog(0);
    log.record(entry('/a'));
    expect(log.list()).toEqual([]);
  });
});
