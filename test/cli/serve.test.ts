/**
 * `pgs serve` (what `npm start` runs) end to end, as a new user meets it: nothing configured, the
 * built-in emulator with the demo game, and the copy-paste tour it prints, run as printed.
 * Needs the build (`npm test` builds before running the tests) and curl.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `pgs serve` in a fresh folder and resolves its output once the tour is printed. */
function serve(env: Record<string, string>, cwd = mkdtempSync(path.join(tmpdir(), 'pgs-serve-'))): Promise<{ stdout: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', PGS_EMULATOR_PORT: '0', PGS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pgs serve printed no tour in time:\n${stdout}\n${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/\/v1\/me\/achievements .*\n/.test(stdout)) {
        clearTimeout(timer);
        resolve({ stdout, child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pgs serve exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

describe('pgs serve', () => {
  it('with nothing configured, serves the demo game and its printed tour signs a player in', async () => {
    const { stdout } = await serve({});
    const backendUrl = /backend listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    const emulatorUrl = /emulator: (http:\/\/\S+)/.exec(stdout)?.[1];
    expect(backendUrl).toBeDefined();
    expect(emulatorUrl).toBeDefined();
    expect(stdout).toContain(`${backendUrl}/docs`);

    // The lines after "copy-paste" are the tour, indented by two spaces: run them as printed.
    const tour = stdout
      .slice(stdout.indexOf('copy-paste'))
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.slice(2))
      .join('\n');
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', tour], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    const [me, achievements] = run.stdout.trim().split('\n').slice(-2).map((line) => JSON.parse(line));
    expect(me).toMatchObject({ displayName: 'Ada', playerId: expect.any(String) });
    expect(achievements.items.length).toBeGreaterThanOrEqual(6);
    expect(achievements.items[0]).toMatchObject({ id: expect.any(String), type: expect.stringMatching(/STANDARD|INCREMENTAL/) });
  });

  it('refuses a bad setting with a message that names it, exit code 2', () => {
    const result = spawnSync(process.execPath, [CLI, 'serve'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      encoding: 'utf8',
      cwd: mkdtempSync(path.join(tmpdir(), 'pgs-serve-')),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  // Regression: a port already taken (a second `npm start`, another emulator on 8090) ended with
  // "pgs: listen EADDRINUSE …", exit code 1, naming no setting to change.
  for (const setting of ['PORT', 'PGS_EMULATOR_PORT'] as const) {
    it(`refuses a ${setting} already in use with a message that names it, exit code 2`, async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = String((taken.address() as AddressInfo).port);
        const result = spawnSync(process.execPath, [CLI, 'serve'], {
          env: { PATH: process.env.PATH ?? '', PORT: '0', PGS_EMULATOR_PORT: '0', PGS_LOG_LEVEL: 'silent', [setting]: port },
          encoding: 'utf8',
          cwd: mkdtempSync(path.join(tmpdir(), 'pgs-serve-')),
          timeout: 20_000,
        });
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`${setting}: port ${port} `);
        expect(result.stderr).toContain('already in use');
        expect(result.stderr).not.toMatch(/\n\s+at /);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    });
  }

  it('pgs with an unknown command prints the usage', () => {
    const result = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('emulator   run the Play Games emulator alone');
  });
});
