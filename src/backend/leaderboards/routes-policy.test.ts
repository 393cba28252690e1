/**
 * Server-authoritative scores over HTTP, on both stores: the game's policy (PGS_SCORE_POLICY, and
 * policies in code with a validation function) refuses a score with 400 SCORE_REJECTED naming the
 * rule, logs it with the player, stores nothing and sends nothing to Google.
 */
import { afterEach, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { LeaderboardHarness, type LeaderboardHarnessOptions, type ScorePlayer } from '../test-support/leaderboard-harness.js';

const HIGH = 'CgkIlNDIwqcbEAIQCg';
const FASTEST = 'CgkIlNDIwqcbEAIQCw';

describeEachStore('score policies', (store) => {
  const open: LeaderboardHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  const start = async (options: LeaderboardHarnessOptions) => {
    const h = await LeaderboardHarness.start({ store, captureLogs: true, ...options });
    open.push(h);
    return h;
  };
  const expectRejected = async (h: LeaderboardHarness, p: ScorePlayer, res: { statusCode: number; json: () => unknown }, rule: string, board = HIGH) => {
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 400,
      body: { error: { code: 'SCORE_REJECTED', message: expect.stringContaining(`rule "${rule}"`) as unknown } },
    });
    const line = h.logLines.find((l) => l.rule === rule && l.playerRef === p.ref);
    expect(line).toMatchObject({ leaderboardId: board, msg: expect.stringContaining('refused') as unknown });
  };
  const stored = async (h: LeaderboardHarness, p: ScorePlayer, board = HIGH) => (await h.store.scoreHistory(p.ref, board, 0)).map((w) => w.score);

  it('bounds from PGS_SCORE_POLICY: outside them 400 (min, max), nothing stored or sent; inside them accepted', async () => {
    const h = await start({ env: { PGS_SCORE_POLICY: JSON.stringify({ [HIGH]: { min: 0, max: 1000 } }) } });
    const p = await h.signIn();
    await h.submit(p, HIGH, { score: 1 }); // warms the list of boards
    h.googleCalls.length = 0;
    await expectRejected(h, p, await h.submit(p, HIGH, { score: 1001 }), 'max');
    await expectRejected(h, p, await h.submit(p, HIGH, { score: -1 }), 'min');
    expect(h.googleCalls).toEqual([]);
    expect(await stored(h, p)).toEqual([1]);
    expect((await h.submit(p, HIGH, { score: 1000 })).statusCode).toBe(200);
    // Another board has no policy.
    expect((await h.submit(p, FASTEST, { score: 5_000_000 })).statusCode).toBe(200);
  });

  it('clientSubmissions: false ("*" for every board): game clients are refused (serverOnly); the game server submits', async () => {
    const h = await start({ env: { PGS_SCORE_POLICY: JSON.stringify({ '*': { clientSubmissions: false } }) } });
    const p = await h.signIn();
    await expectRejected(h, p, await h.submit(p, HIGH, { score: 10 }), 'serverOnly');
    expect(await stored(h, p)).toEqual([]);
    const server = await h.submitAsServer(p.playerId, HIGH, { score: 10 });
    expect(server.statusCode).toBe(200);
    expect(await h.truth(p.playerId, HIGH)).toContainEqual({ leaderboardId: HIGH, timeSpan: 'ALL_TIME', score: 10 });
  });

  it('maxImprovement: within the window a score may beat the standing one by the amount at most; after the window, again', async () => {
    const h = await start({ env: { PGS_SCORE_POLICY: JSON.stringify({ [HIGH]: { maxImprovement: { amount: 100, windowSeconds: 3600 } } }) } });
    let p = await h.signIn();
    expect((await h.submit(p, HIGH, { score: 500 })).statusCode).toBe(200); // no history: the first score sets the standing
    expect((await h.submit(p, HIGH, { score: 600 })).statusCode).toBe(200); // +100
    await expectRejected(h, p, await h.submit(p, HIGH, { score: 601 }), 'maxImprovement'); // +101 over the window's first
    h.base.clock.offsetMs += 3_601_000;
    p = await h.signInAgain(p.playerId); // the session token did not outlive the hour
    // The window moved: the standing is the best before it, 600.
    expect((await h.submit(p, HIGH, { score: 700 })).statusCode).toBe(200);
    await expectRejected(h, p, await h.submit(p, HIGH, { score: 701 }), 'maxImprovement');
    expect(await stored(h, p)).toEqual([500, 600, 700]);
  });

  it('maxImprovement on a SMALLER_IS_BETTER board counts a lower time as the improvement', async () => {
    const h = await start({ module: { policies: { [FASTEST]: { maxImprovement: { amount: 1_000, windowSeconds: 600 } } } } });
    const p = await h.signIn();
    expect((await h.submit(p, FASTEST, { score: 60_000 })).statusCode).toBe(200);
    expect((await h.submit(p, FASTEST, { score: 59_000 })).statusCode).toBe(200);
    await expectRejected(h, p, await h.submit(p, FASTEST, { score: 58_999 }), 'maxImprovement', FASTEST);
    // A worse time improves nothing and is never refused by this rule.
    expect((await h.submit(p, FASTEST, { score: 90_000 })).statusCode).toBe(200);
  });

  it('a validation function in code sees the submission and may refuse it with its own message; code fields win over the environment', async () => {
    const seen: unknown[] = [];
    const h = await start({
      env: { PGS_SCORE_POLICY: JSON.stringify({ [HIGH]: { max: 10 } }) },
      module: {
        policies: {
          [HIGH]: {
            max: 100_000,
            validate: (submission) => {
              seen.push(submission);
              return submission.scoreTag === 'signed' ? true : 'the score tag must carry the run signature';
            },
          },
        },
      },
    });
    const p = await h.signIn();
    const res = await h.submit(p, HIGH, { score: 50, scoreTag: 'forged' });
    await expectRejected(h, p, res, 'validate');
    expect(res.json<{ error: { message: string } }>().error.message).toContain('the score tag must carry the run signature');
    expect(seen).toEqual([{ leaderboardId: HIGH, order: 'LARGER_IS_BETTER', score: 50, scoreTag: 'forged', playerRef: p.ref, caller: 'client' }]);
    expect((await h.submit(p, HIGH, { score: 50, scoreTag: 'signed' })).statusCode).toBe(200);
    expect(await stored(h, p)).toEqual([50]);
  });
});
