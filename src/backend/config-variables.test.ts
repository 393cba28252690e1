import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Env } from './config.js';
import { CONFIG_VARIABLES } from './config-variables.js';

const NAMES = CONFIG_VARIABLES.map((variable) => variable.name);
const KEY = Buffer.alloc(32, 7).toString('base64');

/** Runs `loadConfig` on `env` and answers every variable name it looked up. */
function namesRead(env: Env): Set<string> {
  const read = new Set<string>();
  const spy = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    loadConfig(spy, mkdtempSync(path.join(tmpdir(), 'pgs-vars-')));
  } catch {
    // A refused configuration still shows what was read.
  }
  return read;
}

describe('CONFIG_VARIABLES', () => {
  it('names every variable loadConfig reads, in every mode', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgs-vars-'));
    const secret = path.join(dir, 'client_secret.json');
    writeFileSync(secret, JSON.stringify({ web: { client_id: '123456789012-a.apps.googleusercontent.com', client_secret: 's' } }));
    const read = new Set([
      ...namesRead({}),
      ...namesRead({ DATABASE_URL: 'postgres://db/pgs' }),
      ...namesRead({ PGS_CLIENT_SECRET_FILE: secret, PGS_SESSION_SECRET: KEY, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${KEY}` }),
      ...namesRead({ PGS_EMULATOR_URL: 'http://127.0.0.1:8090', PGS_CORS_ORIGINS: '*', PGS_EMULATOR_CONFIG: 'seed.json' }),
    ]);
    expect([...read].filter((name) => !NAMES.includes(name as never))).toEqual([]);
    expect(NAMES.filter((name) => !read.has(name))).toEqual([]);
  });

  it('names every variable config.ts mentions', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const mentioned = new Set(source.match(/\b(PGS_[A-Z_]+|PORT|HOST|DATABASE_URL)\b/g));
    expect([...mentioned].filter((name) => !NAMES.includes(name as never))).toEqual([]);
  });

  it('is listed in README.md "Configuration" and .env.example, each with its name', () => {
    const root = new URL('../../', import.meta.url);
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const configuration = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const example = readFileSync(new URL('.env.example', root), 'utf8');
    expect(NAMES.filter((name) => !configuration.includes(`\`${name}\``))).toEqual([]);
    expect(NAMES.filter((name) => !new RegExp(`^# ${name}=`, 'm').test(example))).toEqual([]);
  });

  it('gives each variable a default and a meaning', () => {
    expect(new Set(NAMES).size).toBe(NAMES.length);
    for (const variable of CONFIG_VARIABLES) {
      expect(variable.default, variable.name).not.toBe('');
      expect(variable.meaning, variable.name).not.toBe('');
    }
  });
});
