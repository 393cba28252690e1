import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { ACH, DEVELOPER, REGULAR, TESTER, call, envelope, progressOf, signIn, startEmulator, type Reply } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let token: string;
beforeEach(async () => {
  emulator.state.reset();
  token = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
});

interface Part {
  id?: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const BOUNDARY = 'batch_test_boundary';

/** A batch body as Google's clients write it: one application/http part per call. */
function batchBody(parts: Part[]): string {
  const chunks = parts.map((part) => {
    const partHeaders = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(part.id ? [`Content-ID: <${part.id}>`] : [])];
    const body = part.body === undefined ? '' : JSON.stringify(part.body);
    const headers = Object.entries({ ...(part.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...part.headers }).map(([n, v]) => `${n}: ${v}`);
    return `--${BOUNDARY}\r\n${partHeaders.join('\r\n')}\r\n\r\n${part.method} ${part.url} HTTP/1.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}\r\n`;
  });
  return `${chunks.join('')}--${BOUNDARY}--\r\n`;
}

interface Answer {
  contentId: string | undefined;
  status: number;
  statusLine: string;
  headers: Record<string, string>;
  body: Reply['body'];
}

/** Reads a batch answer the way the Python client does: parts, then a status line, headers and a JSON body each. */
function readAnswer(contentType: string, text: string): Answer[] {
  const boundary = /boundary=([^;]+)/.exec(contentType)![1]!;
  const parts = text.split(`--${boundary}`).slice(1, -1);
  expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  return parts.map((part) => {
    const text = part.replace(/^\r\n/, '').replace(/\r\n$/, '');
    const headEnd = text.indexOf('\r\n\r\n');
    const head = text.slice(0, headEnd);
    const rest = text.slice(headEnd + 4);
    expect(head).toMatch(/^Content-Type: application\/http/);
    const contentId = /Content-ID: (.*)/.exec(head)?.[1];
    const split = rest.indexOf('\r\n\r\n');
    const [statusLine, ...headerLines] = rest.slice(0, split).split('\r\n') as [string, ...string[]];
    const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const bodyText = rest.slice(split + 4);
    if (headers['content-length'] !== undefined) expect(Buffer.byteLength(bodyText)).toBe(Number(headers['content-length']));
    return { contentId, status: Number(statusLine.split(' ')[1]), statusLine, headers, body: bodyText === '' ? undefined : JSON.parse(bodyText) };
  });
}

async function batch(parts: Part[] | string, options: { url?: string; headers?: Record<string, string>; contentType?: string } = {}) {
  const response = await emulator.app.inject({
    method: 'POST',
    url: options.url ?? '/batch',
    headers: { 'content-type': options.contentType ?? `multipart/mixed; boundary=${BOUNDARY}`, ...options.headers },
    payload: typeof parts === 'string' ? parts : batchBody(parts),
  });
  return response;
}

describe('POST /batch', () => {
  it('runs every call with the outer Authorization and answers each in its own part, in order, with response-<Content-ID>', async () => {
    const response = await batch(
      [
        { id: 'abc + 1', method: 'GET', url: '/games/v1/players/me?fields=playerId' },
        { id: 'abc + 2', method: 'POST', url: `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=3` },
        { id: 'abc + 3', method: 'POST', url: '/games/v1/achievements/updateMultiple', body: { updates: [{ achievementId: ACH.standard.id, updateType: 'UNLOCK' }] } },
      ],
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batch_/);
    const answers = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answers.map((a) => [a.contentId, a.statusLine])).toEqual([
      ['<response-abc + 1>', 'HTTP/1.1 200 OK'],
      ['<response-abc + 2>', 'HTTP/1.1 200 OK'],
      ['<response-abc + 3>', 'HTTP/1.1 200 OK'],
    ]);
    expect(answers[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(answers[0]!.body).toEqual({ playerId: TESTER.playerId });
    expect(answers[1]!.body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 3, newlyUnlocked: false });
    expect(answers[2]!.body.updatedAchievements[0]).toMatchObject({ achievementId: ACH.standard.id, currentState: 'UNLOCKED', newlyUnlocked: true });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 3 });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('lets a call’s own Authorization win over the outer one, and works with no outer one', async () => {
    const regular = (await signIn(emulator.app, { playerId: REGULAR.playerId })).access_token;
    const response = await batch(
      [
        { id: '1', method: 'GET', url: '/games/v1/players/me', headers: { Authorization: `Bearer ${regular}` } },
        { id: '2', method: 'GET', url: '/games/v1/players/me' },
      ],
      { headers: { authorization: `Bearer ${token}` } },
    );
    const [own, inherited] = readAnswer(response.headers['content-type'] as string, response.body);
    expect(own!.body.playerId).toBe(REGULAR.playerId);
    expect(inherited!.body.playerId).toBe(TESTER.playerId);

    const anonymous = await batch([{ id: '1', method: 'GET', url: '/games/v1/players/me', headers: { authorization: `Bearer ${regular}` } }]);
    expect(readAnswer(anonymous.headers['content-type'] as string, anonymous.body)[0]!.body.playerId).toBe(REGULAR.playerId);
  });

  it('answers a failing call with its own error inside a 200 batch, the other calls applied', async () => {
    const response = await batch(
      [
        { id: '1', method: 'POST', url: `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=2` },
        { id: '2', method: 'POST', url: `/games/v1/achievements/${ACH.standard.id}/increment?stepsToIncrement=1` },
        { id: '3', method: 'GET', url: '/games/v1/players/me', headers: { authorization: 'Bearer not-a-token' } },
        { id: '4', method: 'POST', url: `/games/v1/achievements/${ACH.incremental.id}/increment?stepToIncrement=1` },
      ],
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.statusCode).toBe(200);
    const answers = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answers.map((a) => a.statusLine)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request', 'HTTP/1.1 401 Unauthorized', 'HTTP/1.1 400 Bad Request']);
    expect(answers[1]!.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(answers[2]!.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(answers[2]!.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(answers[3]!.body.error.message).toMatch(/Unknown name "stepToIncrement"/);
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 2 });
  });

  it('measures a call’s body itself: a Content-Length counting characters, as Python’s client writes it, does not break the call', async () => {
    const body = JSON.stringify({ updates: [{ achievementId: 'ünknown', updateType: 'UNLOCK' }] });
    const response = await batch(
      [{ id: '1', method: 'POST', url: '/games/v1/achievements/updateMultiple', headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }, body: JSON.parse(body) }],
      { headers: { authorization: `Bearer ${token}` } },
    );
    const [answer] = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answer!.status).toBe(404);
    expect(answer!.body.error.message).toMatch(/ünknown/);
  });

  it('answers 204 calls with no body', async () => {
    const developer = (await signIn(emulator.app, { playerId: DEVELOPER.playerId })).access_token;
    const response = await batch([{ id: '1', method: 'POST', url: `/games/v1management/achievements/${ACH.draft.id}/resetForAllPlayers` }], {
      url: '/batch/games/v1management',
      headers: { authorization: `Bearer ${developer}` },
    });
    const [answer] = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answer!.statusLine).toBe('HTTP/1.1 204 No Content');
    expect(answer!.body).toBeUndefined();
    // At least one header line: google-api-python-client splits a part at its blank line and fails on one without.
    expect(Object.keys(answer!.headers).length).toBeGreaterThan(0);
  });

  it('serves the per-API batch paths too', async () => {
    for (const url of ['/batch/games/v1', '/batch/games/v1management']) {
      const response = await batch([{ id: '1', method: 'GET', url: '/games/v1/players/me' }], { url, headers: { authorization: `Bearer ${token}` } });
      expect(readAnswer(response.headers['content-type'] as string, response.body)[0]!.status).toBe(200);
    }
  });

  it('applies faults and the request log per call', async () => {
    await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/games/v1/players/me', status: 503, times: 1 });
    const response = await batch(
      [
        { id: '1', method: 'GET', url: '/games/v1/players/me' },
        { id: '2', method: 'GET', url: '/games/v1/players/me' },
      ],
      { headers: { authorization: `Bearer ${token}` } },
    );
    const answers = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answers.map((a) => a.status)).toEqual([503, 200]);
    expect(answers[0]!.body).toEqual(envelope(503, 'UNAVAILABLE', 'backendError', 'The service is currently unavailable.'));
    const log = (await call(emulator.app, 'GET', '/emulator/v1/requests')).body.requests as Array<{ operation: string; status: number }>;
    expect(log.slice(-3).map((entry) => [entry.operation, entry.status])).toEqual([
      ['games.players.get', 503],
      ['games.players.get', 200],
      ['batch', 200],
    ]);
  });

  it('answers a dropped call as unavailable, and the batch still answers', async () => {
    await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/games/v1/achievements/', dropConnection: true, after: true, times: 1 });
    const response = await batch(
      [
        { id: '1', method: 'POST', url: `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=2` },
        { id: '2', method: 'GET', url: '/games/v1/players/me' },
      ],
      { headers: { authorization: `Bearer ${token}` } },
    );
    const answers = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answers.map((a) => a.status)).toEqual([503, 200]);
    // An `after` fault: the write happened, its answer was lost.
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 2 });
  });

  it('does not reach the control API, the OAuth endpoints or another batch from inside a batch', async () => {
    const response = await batch(
      [
        { id: '1', method: 'POST', url: '/emulator/v1/reset' },
        { id: '2', method: 'POST', url: '/token' },
        { id: '3', method: 'POST', url: '/batch' },
      ],
      { headers: { authorization: `Bearer ${token}` } },
    );
    const answers = readAnswer(response.headers['content-type'] as string, response.body);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    expect(answers[0]!.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested URL /emulator/v1/reset was not found on this server.'));
  });

  it.each<[string, string, string | undefined, string]>([
    ['no parts', `--${BOUNDARY}--\r\n`, undefined, '0 items'],
    ['no closing boundary', `--${BOUNDARY}\r\nContent-Type: application/http\r\n\r\nGET /games/v1/players/me\r\n`, undefined, 'the body does not end with the closing boundary'],
    ['a part that is not application/http', `--${BOUNDARY}\r\nContent-Type: application/json\r\n\r\n{}\r\n--${BOUNDARY}--`, undefined, 'part 1 is not application/http'],
    ['no boundary', `--${BOUNDARY}--`, 'multipart/mixed', 'the content type has no boundary'],
  ])('answers a malformed batch (%s) with 400 and runs nothing', async (_name, body, contentType, detail) => {
    const response = await batch(body, { headers: { authorization: `Bearer ${token}` }, ...(contentType ? { contentType } : {}) });
    expect(response.statusCode).toBe(400);
    const message = `Failed to parse batch request, error: ${detail}.`;
    expect(response.json()).toEqual(envelope(400, 'INVALID_ARGUMENT', 'badRequest', message));
  });

  it('answers a batch that is not multipart with 400, nothing run', async () => {
    const response = await emulator.app.inject({ method: 'POST', url: '/batch', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('Failed to parse batch request, error: the content type is not multipart/mixed.');
  });
});
