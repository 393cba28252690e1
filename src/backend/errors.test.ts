import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_CODES } from './errors.js';

describe('error registry', () => {
  it('matches docs/ERRORS.md code for code, status for status', () => {
    const doc = readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    const registered = Object.entries(ERROR_CODES).map(([code, spec]) => [code, spec.status]);
    expect(documented).toEqual(registered);
  });

  it('answers only the public message, never the private detail', () => {
    const error = new ApiError('GOOGLE_MISCONFIGURED', { detail: 'invalid_client from the token endpoint' });
    expect(error.toBody()).toEqual({ error: { code: 'GOOGLE_MISCONFIGURED', message: ERROR_CODES.GOOGLE_MISCONFIGURED.message } });
    expect(JSON.stringify(error.toBody())).not.toContain('invalid_client');
    expect(error.status).toBe(500);
  });
});
