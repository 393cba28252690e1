/**
 * `pgs emulator` as a real process (src/emulator/README.md, 'Running it'): the printed line, a
 * working listener, a clean exit on SIGTERM and SIGINT, exit code 2 for a bad config, and with
 * `--data` a restart (clean, or after SIGKILL) that forgets nothing. Needs the
 * build (`npm test` builds before running the tests); skipped, by name, without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SEED } from './demo-seed.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const built = existsSync(CLI);
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function listening(output: { stdout: string; stderr: string }, exited: Promise<number | null>): Promise<string> {
  const deadline = Date.now() + 20_000;
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout);
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "listening on" line:\n${output.stdout}\n${output.stderr}`);
}

/** Waits (at most 10 s) until stdout holds `text`, and fails naming what it holds otherwise. */
async function printed(output: { stdout: string }, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!output.stdout.includes(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(output.stdout).toContain(text);
}

describe.skipIf(!built)('pgs emulator (process; needs npm run build)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints "listening on http://HOST:PORT" with --port 0, serves, and exits 0 on ${signal}`, async () => {
      const { child, output, exited } = run(['--port', '0', '--quiet']);
      const url = await listening(output, exited);
      expect((await fetch(`${url}/emulator/v1/applications`)).status).toBe(200);
      child.kill(signal);
      expect(await exited).toBe(0);
    });
  }

  it('logs readable lines with PGS_LOG_FORMAT=pretty (JSON lines by default off a terminal), and refuses another value', async () => {
    for (const [format, looksLike] of [
      ['pretty', /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: .*request completed/m],
      ['json', /^\{"level":30,.*"msg":"request completed"/m],
    ] as const) {
      const { child, output, exited } = run(['--port', '0'], { PGS_LOG_FORMAT: format });
      const url = await listening(output, exited);
      await fetch(`${url}/emulator/v1/applications`);
      const deadline = Date.now() + 10_000;
      while (!output.stdout.includes('request completed') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(output.stdout, format).toMatch(looksLike);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const refused = run(['--port', '0'], { PGS_LOG_FORMAT: 'xml' });
    expect(await refused.exited).toBe(2);
    expect(refused.output.stderr).toContain('pgs emulator: PGS_LOG_FORMAT must be one of auto, json, pretty, got "xml"');
  });

  it('exits 2 with a one-line message naming the bad field of --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgs-emulator-'));
    const path = join(dir, 'seed.json');
    const config = structuredClone(DEMO_SEED) as unknown as { applications: Array<Record<string, unknown>> };
    config.applications[1]!.applicationId = 'abc';
    writeFileSync(path, JSON.stringify(config));
    const { output, exited } = run(['--config', path]);
    expect(await exited).toBe(2);
    expect(output.stderr).toBe(`pgs emulator: config file ${path}: applications[1].applicationId has a bad format (must match ^[0-9]+$)\n`);
  });

  describe('--data DIR', () => {
    const json = { 'content-type': 'application/json' };
    async function signIn(url: string) {
      const players = (await (await fetch(`${url}/emulator/v1/players`)).json()) as { players: Array<{ playerId: string }> };
      const playerId = players.players[0]!.playerId;
      const app = DEMO_SEED.applications[0]!;
      const minted = await fetch(`${url}/emulator/v1/serverAuthCodes`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ playerId, clientId: app.webClientId, forceRefreshToken: true }),
      });
      const { serverAuthCode } = (await minted.json()) as { serverAuthCode: string };
      const form = new URLSearchParams({ grant_type: 'authorization_code', code: serverAuthCode, client_id: app.webClientId, client_secret: app.webClientSecret });
      const token = (await (await fetch(`${url}/token`, { method: 'POST', body: form })).json()) as { access_token: string; refresh_token: string };
      return { playerId, accessToken: token.access_token, refreshToken: token.refresh_token };
    }
    const me = (url: string, accessToken: string) => fetch(`${url}/games/v1/players/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    const names = async (url: string) =>
      ((await (await fetch(`${url}/emulator/v1/players`)).json()) as { players: Array<{ displayName: string }> }).players.map((player) => player.displayName);

    it('restarts after SIGTERM with its players, tokens and achievements', async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'pgs-emulator-')), 'data');
      const first = run(['--port', '0', '--quiet', '--data', dataDir]);
      const firstUrl = await listening(first.output, first.exited);
      // The banner's lines are separate writes: the pipe may deliver them after "listening on".
      await printed(first.output, `state kept in ${dataDir}`);
      const created = await fetch(`${firstUrl}/emulator/v1/players`, { method: 'POST', headers: json, body: JSON.stringify({ displayName: 'Survivor' }) });
      expect(created.status).toBe(201);
      const session = await signIn(firstUrl);
      const achievementId = DEMO_SEED.applications[0]!.achievements[0]!.id;
      const unlock = await fetch(`${firstUrl}/games/v1/achievements/${achievementId}/unlock`, { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}` } });
      expect(unlock.status).toBe(200);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = run(['--port', '0', '--quiet', '--data', dataDir]);
      const url = await listening(second.output, second.exited);
      expect(await names(url)).toContain('Survivor');
      const again = await me(url, session.accessToken);
      expect({ status: again.status, playerId: ((await again.json()) as { playerId: string }).playerId }).toEqual({ status: 200, playerId: session.playerId });
      const truth = (await (await fetch(`${url}/emulator/v1/players/${session.playerId}`)).json()) as {
        achievements: Record<string, Array<{ id: string; achievementState: string }>>;
      };
      expect(truth.achievements[DEMO_SEED.applications[0]!.applicationId]!.find((entry) => entry.id === achievementId)?.achievementState).toBe('UNLOCKED');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    });

    it('keeps what was saved before a SIGKILL (the save delay is 100 ms)', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'pgs-emulator-'));
      const first = run(['--port', '0', '--quiet', '--data', dataDir]);
      const firstUrl = await listening(first.output, first.exited);
      await fetch(`${firstUrl}/emulator/v1/players`, { method: 'POST', headers: json, body: JSON.stringify({ displayName: 'Before The Crash' }) });
      const session = await signIn(firstUrl);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      first.child.kill('SIGKILL');
      await first.exited;

      const second = run(['--port', '0', '--quiet', '--data', dataDir]);
      const url = await listening(second.output, second.exited);
      expect(await names(url)).toContain('Before The Crash');
      expect((await me(url, session.accessToken)).status).toBe(200);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    });
  });
});
