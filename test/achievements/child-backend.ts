/**
 * `pgs serve` in a child process, for the tests that must kill the backend for real (SIGKILL) or
 * run several of it: started with an environment, ready once it prints `backend listening on …`.
 * Needs the build (`npm test` builds before running the tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Keys every child of one test shares, as instances of one deployment do. */
export const CHILD_KEYS = {
  PGS_SESSION_SECRET: randomBytes(32).toString('base64'),
  PGS_TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  PGS_SERVER_API_KEY: randomBytes(24).toString('base64url'),
};

export interface ChildBackend {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr so far (for failure messages). */
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `node dist/cli.js serve` and resolves once it listens. */
export function startChildBackend(env: Record<string, string>, timeoutMs = 20_000): Promise<ChildBackend> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', PGS_LOG_LEVEL: 'warn', PGS_SIGN_IN_RATE_LIMIT: '100000', ...CHILD_KEYS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pgs serve did not listen within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /backend listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1].replace(/\/$/, ''),
          child,
          stderr: () => stderr,
          kill: async (signal) => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`pgs serve exited (${code ?? signal}) before listening:\n${stdout}\n${stderr}`));
    });
  });
}

/** A fresh PostgreSQL database for one test (DATABASE_URL of its children), dropped by `drop()`. */
export async function freshPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pgs_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A JSON call to a child backend. */
export async function callBackend(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
