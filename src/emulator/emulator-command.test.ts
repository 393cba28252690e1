import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from './demo-seed.js';
import { parseEmulatorArgs, startEmulatorServer } from './emulator-command.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text) } };
}

describe('parseEmulatorArgs', () => {
  it('has the documented defaults and reads both flag forms', () => {
    const none = { dataDir: undefined, importPath: undefined, exportOnExitPath: undefined };
    expect(parseEmulatorArgs([])).toEqual({ port: 8090, host: '127.0.0.1', configPath: undefined, faultSeed: undefined, quiet: false, ...none });
    expect(parseEmulatorArgs(['--port', '0', '--host=0.0.0.0', '--config', 'seed.json', '--fault-seed=7', '--quiet'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      configPath: 'seed.json',
      faultSeed: 7,
      quiet: true,
      ...none,
    });
    expect(parseEmulatorArgs(['--data', 'state', '--import=fixture.json', '--export-on-exit', 'out.json'])).toMatchObject({
      dataDir: 'state',
      importPath: 'fixture.json',
      exportOnExitPath: 'out.json',
    });
    expect(parseEmulatorArgs(['--help'])).toBe('help');
  });

  it('rejects bad flags with a clear message', () => {
    expect(() => parseEmulatorArgs(['--port', 'x'])).toThrow('--port needs an integer, got "x"');
    expect(() => parseEmulatorArgs(['--port', '70000'])).toThrow('--port must be between 0 and 65535, got 70000');
    expect(() => parseEmulatorArgs(['--colour'])).toThrow('unknown option "--colour"');
    expect(() => parseEmulatorArgs(['--config'])).toThrow('--config needs a file path');
    expect(() => parseEmulatorArgs(['--data'])).toThrow('--data needs a path');
  });
});

describe('startEmulatorServer', () => {
  it('listens on a free port with --port 0 and prints "listening on http://HOST:PORT"', async () => {
    const { out, io } = capture();
    const started = await startEmulatorServer(['--port', '0', '--quiet'], io);
    if (typeof started === 'number') throw new Error(`exit ${started}: ${out.stderr}`);
    try {
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out.stdout);
      expect(match?.[1]).toBe(started.url);
      expect(Number(match?.[2])).toBeGreaterThan(0);
      const reply = await fetch(`${started.url}/emulator/v1/applications`);
      expect(reply.status).toBe(200);
    } finally {
      await started.close();
    }
  });

  it('exits 2 naming the bad field of a config file, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgs-cli-'));
    const path = join(dir, 'seed.json');
    const config = structuredClone(DEMO_SEED) as unknown as { applications: Array<{ achievements: Array<Record<string, unknown>> }> };
    config.applications[0]!.achievements[3]!.achievementType = 'SECRET';
    writeFileSync(path, JSON.stringify(config));
    const { out, io } = capture();
    expect(await startEmulatorServer(['--port', '0', '--config', path], io)).toBe(2);
    expect(out.stderr).toBe(`pgs emulator: config file ${path}: applications[0].achievements[3].achievementType must be STANDARD or INCREMENTAL\n`);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a bad flag, with the usage', async () => {
    const { out, io } = capture();
    expect(await startEmulatorServer(['--port'], io)).toBe(2);
    expect(out.stderr).toMatch(/^pgs emulator: --port needs an integer, got nothing\n\nUsage: pgs emulator/);
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { out, io } = capture();
      expect(await startEmulatorServer(['--port', String(port), '--quiet'], io)).toBe(1);
      expect(out.stderr).toBe(`pgs emulator: port ${port} is already in use on 127.0.0.1\n`);
    } finally {
      blocker.close();
    }
  });
});

describe('startEmulatorServer: the state', () => {
  const started = async (args: string[]) => {
    const { out, io } = capture();
    const server = await startEmulatorServer(['--port', '0', '--quiet', ...args], io);
    if (typeof server === 'number') throw new Error(`exit ${server}: ${out.stderr}`);
    return { server, out };
  };

  it('--import loads a state file, --export-on-exit writes the state when it stops, --data keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgs-cli-'));
    const first = await started(['--export-on-exit', join(dir, 'export.json')]);
    expect(first.out.stdout).toContain(`state exported to ${join(dir, 'export.json')} on exit`);
    await first.server.emulator.app.inject({ method: 'POST', url: '/emulator/v1/players', payload: { displayName: 'Exported Player' } });
    await first.server.close();
    const exported = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8')) as { format: string };
    expect(exported.format).toBe('pgs-emulator-state');

    const second = await started(['--import', join(dir, 'export.json'), '--data', join(dir, 'data')]);
    expect(second.out.stdout).toContain(`state kept in ${join(dir, 'data')}`);
    const names = [...second.server.emulator.state.players.values()].map((player) => player.displayName);
    expect(names).toContain('Exported Player');
    // The import is on disk at once, not only after the save delay.
    expect(readFileSync(join(dir, 'data', 'state.json'), 'utf8')).toContain('Exported Player');
    await second.server.close();
  });

  it('exits 2 naming the file and the field of a bad --import, and of a bad state in --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgs-cli-'));
    const path = join(dir, 'fixture.json');
    writeFileSync(path, JSON.stringify({ format: 'pgs-emulator-state', version: 1, players: { players: [{ playerId: 'x' }] } }));
    const bad = capture();
    expect(await startEmulatorServer(['--port', '0', '--quiet', '--import', path], bad.io)).toBe(2);
    expect(bad.out.stderr).toBe(`pgs emulator: --import ${path}: players.players[0].displayName is required\n`);

    const missing = capture();
    expect(await startEmulatorServer(['--port', '0', '--quiet', '--import', join(dir, 'none.json')], missing.io)).toBe(2);
    expect(missing.out.stderr).toBe(`pgs emulator: --import ${join(dir, 'none.json')}: cannot read it (ENOENT)\n`);

    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'state.json'), JSON.stringify({ format: 'pgs-emulator-state', version: 99 }));
    const newer = capture();
    expect(await startEmulatorServer(['--port', '0', '--quiet', '--data', join(dir, 'data')], newer.io)).toBe(2);
    expect(newer.out.stderr).toBe(
      `pgs emulator: --data ${join(dir, 'data')}: ${join(dir, 'data', 'state.json')}: version 99 was written by a newer emulator; this one reads up to version 1\n`,
    );
  });
});
