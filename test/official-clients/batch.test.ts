/**
 * Google's batch format over a real socket, as the Python, Java and Ruby clients send it (the
 * Node client has no batch helper, so the test writes the multipart body): tokens come from
 * google-auth-library's `getToken`, the outer request carries the Authorization header, and each
 * call is answered in its own `application/http` part, its error included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievements, signIn, startEmulator } from './harness.js';
import type { DemoAchievements, Emulator } from './harness.js';

let emulator: Emulator;
let seed: DemoAchievements;
beforeAll(async () => {
  emulator = await startEmulator();
  seed = demoAchievements(emulator.apps[0]!);
});
afterAll(async () => {
  await emulator.close();
});

/** The body google-api-python-client's BatchHttpRequest writes: Content-ID `<uuid + n>`, request line with the path only. */
function pythonStyleBatch(boundary: string, calls: Array<{ method: string; path: string }>): string {
  const parts = calls.map(
    (call, index) =>
      `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nMIME-Version: 1.0\r\nContent-ID: <9f0c + ${index + 1}>\r\n\r\n` +
      `${call.method} ${call.path} HTTP/1.1\r\nContent-Type: application/json\r\nMIME-Version: 1.0\r\naccept: application/json\r\n\r\n\r\n`,
  );
  return `${parts.join('')}--${boundary}--\r\n`;
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf('\r\n\r\n');
  return [text.slice(0, at), text.slice(at + 4)];
}

describe('batch', () => {
  it('answers each call of a multipart/mixed batch in its own part, errors included, with the outer token', async () => {
    const player = await emulator.control.createPlayer();
    const { tokens } = await signIn(emulator, player);
    const boundary = '===============7330845974216740156==';
    const response = await fetch(`${emulator.baseUrl}/batch/games/v1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': `multipart/mixed; boundary="${boundary}"` },
      body: pythonStyleBatch(boundary, [
        { method: 'GET', path: '/games/v1/players/me?alt=json' },
        { method: 'POST', path: `/games/v1/achievements/${seed.incremental.id}/increment?stepsToIncrement=2&alt=json` },
        { method: 'GET', path: '/games/v1/players/nobody?alt=json' },
      ]),
    });

    expect(response.status).toBe(200);
    const type = response.headers.get('content-type')!;
    const answerBoundary = /boundary=(\S+)/.exec(type)![1]!;
    const parts = (await response.text()).split(`--${answerBoundary}`).slice(1, -1);
    const answers = parts.map((part) => {
      // Each part: its MIME headers, a blank line, then the HTTP response: status line, headers, a blank line, the body.
      const [partHead, http] = splitOnce(part.replace(/^\r\n/, ''));
      const [responseHead, body] = splitOnce(http);
      return { contentId: /Content-ID: (.*)/.exec(partHead)![1], statusLine: responseHead.split('\r\n')[0], body: JSON.parse(body) as Record<string, unknown> };
    });
    expect(answers.map((a) => [a.contentId, a.statusLine])).toEqual([
      ['<response-9f0c + 1>', 'HTTP/1.1 200 OK'],
      ['<response-9f0c + 2>', 'HTTP/1.1 200 OK'],
      ['<response-9f0c + 3>', 'HTTP/1.1 404 Not Found'],
    ]);
    expect(answers[0]!.body).toMatchObject({ kind: 'games#player', playerId: player.playerId });
    expect(answers[1]!.body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 2, newlyUnlocked: false });
    expect(answers[2]!.body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    const truth = await emulator.control.player(player.playerId);
    expect(truth.achievements[emulator.apps[0]!.applicationId]!.find((a) => a.id === seed.incremental.id)).toMatchObject({ currentSteps: 2 });
  });
});
