/**
 * The package's public surface (`package.json` `exports`) resolves after the build, by the names
 * users import. Self-referencing the package by name exercises the same resolution a dependent
 * project gets.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const EXPECTED: Record<string, string[]> = {
  'play-games-server/emulator': ['createEmulator', 'DEMO_SEED', 'loadEmulatorConfig', 'EmulatorControlClient'],
  'play-games-server/backend': ['createBackend', 'loadConfig', 'ApiError', 'ERROR_CODES'],
  'play-games-server/google': ['OAuthClient', 'GamesClient', 'ManagementClient', 'IdTokenVerifier', 'GOOGLE_ENDPOINTS', 'emulatorEndpoints'],
  'play-games-server/store': ['openStore', 'migrateDatabase'],
  'play-games-server/client': ['createClient'],
};

describe('package exports', () => {
  it.each(Object.entries(EXPECTED))('%s exports %j', (specifier, names) => {
    const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expect.arrayContaining(names));
  });
});
