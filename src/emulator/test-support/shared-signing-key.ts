/**
 * One RSA pair for every emulator a test process starts: generating a 2048-bit pair costs about
 * 130 ms of CPU, and the suites start hundreds of emulators (docs/BENCHMARKS.md, 'The test loop').
 * Each emulator still makes its own kid and certificate from it, so a token of one emulator is an
 * unknown kid at another, as with separate keys. Tests of key generation and rotation create
 * their own keys. Not part of the build.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { RsaKeyPair } from '../keys.js';

let shared: RsaKeyPair | undefined;

/** The process's shared pair, generated on first use. */
export function sharedSigningKeyPair(): RsaKeyPair {
  shared ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return shared;
}
