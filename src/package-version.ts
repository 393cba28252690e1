/**
 * The package's version, read from package.json: the one source for `pgs --version` and the
 * OpenAPI document. package.json sits one folder above this file both in `src/` (tests) and in
 * `dist/` (the built CLI), and it is always published (npm includes it in every package).
 */
import { readFileSync } from 'node:fs';

function readPackageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  if (typeof version !== 'string') throw new Error('package.json has no "version"');
  return version;
}

/** The `version` of package.json, e.g. `0.1.0`. */
export const PACKAGE_VERSION: string = readPackageVersion();
