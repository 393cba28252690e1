/**
 * The files in `examples/` work as shipped: the emulator seed is loaded by `pgs emulator --config`
 * as a user would run it, and the emulator serves what it says. Needs the build (`npm test` builds
 * before running the tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const SEED = fileURLToPath(new URL('../../examples/emulator-seed.json', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `pgs emulator ARGS` and resolves its URL once it listens. */
function emulator(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pgs emulator did not listen in time:\n${output}`)), 20_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pgs emulator exited with ${code}:\n${output}`));
    });
  });
}

describe('examples/', () => {
  it('emulator-seed.json seeds `pgs emulator --config` with its game and its player', async () => {
    const seed = JSON.parse(readFileSync(SEED, 'utf8'));
    const url = await emulator(['--config', SEED, '--port', '0', '--quiet']);
    const { applications } = (await (await fetch(`${url}/emulator/v1/applications`)).json()) as {
      applications: { applicationId: string; webClientId: string; achievements: { id: string }[] }[];
    };
    expect(applications.map((application) => application.applicationId)).toEqual([seed.applications[0].applicationId]);
    expect(applications[0]!.webClientId).toBe(seed.applications[0].webClientId);
    expect(applications[0]!.achievements.map((achievement) => achievement.id)).toEqual(seed.applications[0].achievements.map((a: { id: string }) => a.id));
    const player = await fetch(`${url}/emulator/v1/players/${seed.players[0].playerId}`);
    expect(player.status).toBe(200);
    expect(await player.json()).toMatchObject({ displayName: seed.players[0].displayName, tester: true });
  });
});
