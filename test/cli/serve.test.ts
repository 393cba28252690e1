/**
 * `pgs serve` (what `npm start` runs) end to end, as a new user meets it: nothing configured, the
 * built-in emulator with the demo game, and the copy-paste tour it prints, run as printed.
 * Needs the build (`npm test` builds before running the tests) and curl.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/backend/config-variables.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `pgs serve` in a fresh folder and resolves its output once the tour is printed. */
/** Runs `pgs ARGS` to its end in a fresh folder, with only `env` (and PATH) set. */
function pgs(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    cwd: mkdtempSync(path.join(tmpdir(), 'pgs-cli-')),
    timeout: 20_000,
  });
}

/** A seed file with one game of one achievement, as `pgs emulator --config` takes. */
function writeSeed(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pgs-seed-')), 'seed.json');
  const seed = {
    applications: [
      {
        applicationId: '555555555555',
        name: 'Seeded Game',
        webClientId: '555555555555-seededweb.apps.googleusercontent.com',
        webClientSecret: 'GOCSPX-seededSecret',
        achievements: [
          {
            id: 'CgkIseeded01',
            name: 'Seeded',
            description: 'Came from the seed file.',
            achievementType: 'STANDARD',
            initialState: 'REVEALED',
            experiencePoints: 100,
            published: true,
          },
        ],
      },
    ],
  };
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

function serve(
  env: Record<string, string>,
  cwd = mkdtempSync(path.join(tmpdir(), 'pgs-serve-')),
  args: string[] = [],
): Promise<{ stdout: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
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
      if (/\| pick serverAuthCode\n\n/.test(stdout)) {
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
  it('with nothing configured, serves the demo game and every line of its printed tour works', async () => {
    const { stdout } = await serve({});
    const backendUrl = /backend listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    const emulatorUrl = /emulator: (http:\/\/\S+)/.exec(stdout)?.[1];
    expect(backendUrl).toBeDefined();
    expect(emulatorUrl).toBeDefined();
    expect(stdout).toContain(`${backendUrl}/docs`);
    expect(stdout).not.toContain('<id>');

    // Every indented line after "copy-paste" is the tour: run them all, as printed, in one shell.
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', tourOf(stdout)], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    const [me, achievements, unlocked, truth, docsCode] = run.stdout.trim().split('\n').slice(-5);
    expect(JSON.parse(me!)).toMatchObject({ displayName: 'Ada', playerId: expect.any(String) });
    const { items } = JSON.parse(achievements!);
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items[0]).toMatchObject({ id: expect.any(String), type: expect.stringMatching(/STANDARD|INCREMENTAL/) });

    // The unlock line names a real achievement of the demo game, and the emulator holds it unlocked.
    const unlockedId = /\/v1\/me\/achievements\/([^/\s]+)\/unlock/.exec(stdout)?.[1];
    expect(items.map((item: { id: string }) => item.id)).toContain(unlockedId);
    expect(JSON.parse(unlocked!)).toEqual({ state: 'UNLOCKED', newlyUnlocked: true });
    const groundTruth = JSON.parse(truth!);
    const [applicationId] = Object.keys(groundTruth.achievements);
    expect(groundTruth.achievements[applicationId!]).toContainEqual(expect.objectContaining({ id: unlockedId, achievementState: 'UNLOCKED' }));

    // The code minted for the /docs page is fresh: the sign-in its "Try it out" sends works.
    const signIn = await fetch(`${backendUrl}/v1/auth/play-games`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serverAuthCode: docsCode }),
    });
    expect(signIn.status).toBe(200);
    expect(await signIn.json()).toMatchObject({ player: { displayName: 'Ada' }, session: { accessToken: expect.any(String) } });
  });

  it('with nothing configured, the README\'s Recall tour restores the same account on a new Recall session', async () => {
    const { stdout } = await serve({});
    const backendUrl = /backend listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    const emulatorUrl = /emulator: (http:\/\/\S+)/.exec(stdout)?.[1];
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## Tour: restore an account on a new phone (Recall)'));
    const script = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(script).toContain('B=http://127.0.0.1:8080; E=http://127.0.0.1:8090');
    const here = script!.replace('B=http://127.0.0.1:8080; E=http://127.0.0.1:8090', `B=${backendUrl}; E=${emulatorUrl}`);
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', here], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    const [accountId, restored] = run.stdout.trim().split('\n');
    expect(accountId).toMatch(/^acc_[0-9a-f]{32}$/);
    expect(JSON.parse(restored!)).toMatchObject({ accountId, restored: true, player: { accountId, displayName: 'Ada' } });
  });

  // Regression: after a restart the backend still had its players, but the built-in emulator had
  // forgotten them, so their achievements answered 401 REAUTH_REQUIRED.
  it('keeps the built-in emulator\'s state under ./data/emulator: a signed-in player still reads achievements after a restart', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'pgs-serve-'));
    const first = await serve({}, cwd);
    expect(first.stdout).toContain(`emulator state: ${path.join(cwd, 'data', 'emulator')}`);
    const backendUrl = /backend listening on (http:\/\/\S+)/.exec(first.stdout)![1]!;
    const emulatorUrl = /emulator: (http:\/\/\S+)/.exec(first.stdout)![1]!;
    const { applications } = (await (await fetch(`${emulatorUrl}/emulator/v1/applications`)).json()) as { applications: Array<{ webClientId: string }> };
    const { players } = (await (await fetch(`${emulatorUrl}/emulator/v1/players`)).json()) as { players: Array<{ playerId: string }> };
    const minted = await fetch(`${emulatorUrl}/emulator/v1/serverAuthCodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ playerId: players[0]!.playerId, clientId: applications[0]!.webClientId }),
    });
    const { serverAuthCode } = (await minted.json()) as { serverAuthCode: string };
    const signIn = await fetch(`${backendUrl}/v1/auth/play-games`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverAuthCode }) });
    expect(signIn.status).toBe(200);
    const { session } = (await signIn.json()) as { session: { accessToken: string } };
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    await exited;

    const second = await serve({}, cwd);
    const againUrl = /backend listening on (http:\/\/\S+)/.exec(second.stdout)![1]!;
    const achievements = await fetch(`${againUrl}/v1/me/achievements`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(achievements.status).toBe(200);
    expect(readFileSync(path.join(cwd, 'data', 'emulator', 'state.json'), 'utf8')).toContain(players[0]!.playerId);
  });

  // Regression: a failing step printed Node's "TypeError: Cannot read properties of undefined"
  // instead of the answer; here the spent code of the tour is sent again.
  it('a tour line that fails prints the backend\'s error body, not a TypeError', async () => {
    const { stdout } = await serve({});
    const tour = tourOf(stdout).split('\n');
    const signInAt = tour.findIndex((line) => line.startsWith('TOKEN='));
    const again = [...tour.slice(0, signInAt + 1), tour[signInAt]!].join('\n');
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', again], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('no session.accessToken in the answer: {"error":{"code":"AUTH_CODE_INVALID"');
    expect(run.stderr).not.toContain('TypeError');
  });

  // Pino's JSON between the banner lines was unreadable on a terminal.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('logs readable lines on a terminal and JSON lines into a pipe', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'pgs-tty-'));
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} serve`;
    // util-linux script(1) gives the command a pseudo-terminal as its stdout.
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PORT: '0', PGS_EMULATOR_PORT: '0', PGS_LOG_LEVEL: 'info', TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let terminal = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${terminal}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          terminal += chunk.toString();
          if (/backend listening on http/.test(terminal)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    const plain = terminal.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Server listening at http/m);
    expect(plain).not.toMatch(/^\{"level"/m);

    const { stdout } = await serve({ PGS_LOG_LEVEL: 'info' });
    const logLines = stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.map((line) => JSON.parse(line) as { msg: string }).map((line) => line.msg)).toContain('Server listening at ' + /backend listening on (\S+)/.exec(stdout)?.[1]);
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

  it('pgs --version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const result = pgs(['--version']);
    expect([result.status, result.stdout]).toEqual([0, `${version}\n`]);
  });

  it('pgs serve --help lists every environment variable with its default and meaning', () => {
    const result = pgs(['serve', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--emulator-config FILE');
    for (const variable of CONFIG_VARIABLES) {
      expect(result.stdout).toMatch(new RegExp(`^  ${variable.name} +${escape(variable.meaning)}\n +default: ${escape(variable.default)}\n`, 'm'));
    }
  });

  it('pgs serve refuses an unknown flag or an argument, exit code 2', () => {
    for (const args of [['--port', '80'], ['now'], ['--emulator-config']]) {
      const result = pgs(['serve', ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^pgs serve: .*\n\nUsage: pgs serve/);
    }
  });

  // Regression: PostgreSQL's two required keys were revealed one start-up at a time.
  it('reports every bad setting at once, each on its own line, exit code 2', () => {
    const result = pgs(['serve'], { DATABASE_URL: 'postgres://127.0.0.1:1/pgs', PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pgs serve: 3 configuration errors:\n {2}PGS_SESSION_SECRET: .*\n {2}PGS_TOKEN_ENCRYPTION_KEYS: .*\n {2}PORT: .*\n$/);
  });

  it('--emulator-config seeds the built-in emulator, as PGS_EMULATOR_CONFIG does', async () => {
    const seed = writeSeed();
    for (const [env, args] of [[{}, ['--emulator-config', seed]], [{ PGS_EMULATOR_CONFIG: seed }, []]] as const) {
      const { stdout, child } = await serve(env, undefined, [...args]);
      const emulatorUrl = /emulator: (http:\/\/\S+)/.exec(stdout)?.[1];
      const { applications } = (await (await fetch(`${emulatorUrl}/emulator/v1/applications`)).json()) as { applications: { name: string }[] };
      expect(applications.map((application) => application.name)).toEqual(['Seeded Game']);
      expect(stdout).toContain('555555555555-seededweb.apps.googleusercontent.com');
      child.kill('SIGKILL');
    }
  });

  it('refuses a bad seed file naming the flag, exit code 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgs-seed-'));
    const file = path.join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ applications: [] }));
    const result = pgs(['serve', '--emulator-config', file], { PORT: '0', PGS_EMULATOR_PORT: '0' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pgs serve: configuration error: --emulator-config: config file .*seed\.json: applications/);
    const missing = pgs(['serve'], { PGS_EMULATOR_CONFIG: path.join(dir, 'none.json') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('PGS_EMULATOR_CONFIG: cannot read config file');
  });

  it('pgs with an unknown command prints the usage', () => {
    const result = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('emulator   run the Play Games emulator alone');
  });
});

/** The tour in `pgs serve`'s output: its lines indented by two spaces, after "copy-paste". */
function tourOf(stdout: string): string {
  return stdout
    .slice(stdout.indexOf('copy-paste'))
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.slice(2))
    .join('\n');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
