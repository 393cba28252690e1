/**
 * `pgs emulator` as a real process (src/emulator/README.md, 'Running it'): the printed line, a
 * working listener, a clean exit on SIGTERM and SIGINT, and exit code 2 for a bad config. Needs the
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

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
});
