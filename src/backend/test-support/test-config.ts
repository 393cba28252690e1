/**
 * A complete, valid backend configuration for in-process tests: no environment, no files, fixed
 * keys. Tests override what they exercise.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type BackendConfig, type Env } from '../config.js';

export const TEST_SESSION_SECRET = Buffer.alloc(32, 1).toString('base64');
export const TEST_TOKEN_KEY = Buffer.alloc(32, 2).toString('base64');

/** A config built the way production builds it, from an environment, plus `env`. */
export function testConfig(env: Env = {}): BackendConfig {
  const cwd = mkdtempSync(path.join(tmpdir(), 'pgs-test-'));
  return loadConfig(
    {
      DATABASE_URL: 'sqlite::memory:',
      PGS_SESSION_SECRET: TEST_SESSION_SECRET,
      PGS_TOKEN_ENCRYPTION_KEYS: `k1:${TEST_TOKEN_KEY}`,
      PGS_LOG_LEVEL: 'silent',
      ...env,
    },
    cwd,
  );
}

/** Dummy Google credentials for tests that never reach Google. */
export const TEST_CREDENTIALS = {
  clientId: '123456789012-testclient.apps.googleusercontent.com',
  clientSecret: 'test-client-secret',
};

/** The config with Google credentials and application ID resolved, as `pgs serve` leaves it. */
export function withCredentials(
  config: BackendConfig,
  credentials: { clientId: string; clientSecret: string } = TEST_CREDENTIALS,
  applicationId = '123456789012',
): BackendConfig {
  return { ...config, google: { ...config.google, credentials, applicationId } };
}
