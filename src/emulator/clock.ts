/**
 * The emulator's clock: the wall clock plus an offset that only ever grows
 * (`POST /emulator/v1/clock:advance`). It governs what the emulator itself checks: code,
 * access-token and refresh-token expiry. Signed ID tokens use the wall clock instead, so that
 * outside verifiers (google-auth-library, jose) accept them.
 */
export class EmulatorClock {
  #offsetMs = 0;
  readonly #wallNow: () => number;

  constructor(wallNow: () => number = Date.now) {
    this.#wallNow = wallNow;
  }

  /** Emulator time, epoch milliseconds. */
  now(): number {
    return this.#wallNow() + this.#offsetMs;
  }

  /** Wall-clock time, epoch milliseconds (what signed tokens carry). */
  wallNow(): number {
    return this.#wallNow();
  }

  /** How far the emulator clock runs ahead of the wall clock, in milliseconds. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves the emulator clock forward; returns the new emulator time. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError('seconds must be a finite number >= 0');
    }
    this.#offsetMs += Math.round(seconds * 1000);
    return this.now();
  }

  /** Back to the wall clock. */
  reset(): void {
    this.#offsetMs = 0;
  }
}
