/**
 * `--data DIR`: the folder that keeps the emulator's state across restarts (`state.json`, the
 * document of `state-codec.ts`), and the saver that keeps it current.
 *
 * Saving is throttled, not per request: the first change schedules a save `saveDelayMs` later
 * (default 100 ms) and later changes ride along, so a burst of requests costs one write. Each
 * save encodes the whole state (synchronously: a consistent snapshot) and writes it durably
 * (`durable-file.ts`) off the event loop. Encoding a large state takes a while (about 50 ms for
 * 1,000 players, 500 ms for 10,000: docs/BENCHMARKS.md), so the delay grows to
 * `BUSY_FACTOR` times a typical encoding (the median of the last five) when that is longer: saving never takes more than a
 * fifth of the event loop. Closing saves what is pending. A crash (SIGKILL, power loss) loses at
 * most the changes of the last delay plus the one write in flight.
 *
 * A lock file keeps a second emulator from writing into the same folder.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EmulatorState } from '../state.js';
import { writeFileDurably } from './durable-file.js';
import { encodeState } from './state-codec.js';

export const STATE_FILE = 'state.json';
const LOCK_FILE = 'emulator.lock';
export const DEFAULT_SAVE_DELAY_MS = 100;
/** The delay after a save is at least this many times as long as that save's encoding took. */
export const BUSY_FACTOR = 4;

/** The folder cannot be used (locked, unreadable, not JSON). */
export class StateDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateDirectoryError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(lockPath: string, dir: string): void {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateDirectoryError(`cannot write in ${dir}: ${(error as Error).message}`);
  }
  const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
    throw new StateDirectoryError(`${dir} is in use by another emulator (process ${holder}); stop it, or give this one another --data folder`);
  }
  // Left behind by an emulator that died: take it over.
  writeFileSync(lockPath, String(process.pid));
}

export interface StateDirectoryOptions {
  /** How long after a change the state is saved (default 100 ms). */
  saveDelayMs?: number | undefined;
  /** Told about a failed save (a full disk…); the next change tries again. */
  onSaveError?: ((error: Error) => void) | undefined;
}

/** The state folder of a running emulator. */
export class StateDirectory {
  readonly dir: string;
  readonly file: string;
  /** The document read at open (parsed JSON, not yet checked); undefined when the folder had none. */
  readonly saved: unknown;
  readonly #lockPath: string;
  readonly #saveDelayMs: number;
  #onSaveError: ((error: Error) => void) | undefined;
  #state: EmulatorState | undefined;
  #timer: NodeJS.Timeout | undefined;
  #changed = false;
  #writing: Promise<void> | undefined;
  #closed = false;
  #lastError: Error | undefined;
  /** How long the last few encodings took (their median sets the delay: one GC pause does not). */
  readonly #encodeMs: number[] = [];

  private constructor(dir: string, saved: unknown, options: StateDirectoryOptions) {
    this.dir = dir;
    this.file = join(dir, STATE_FILE);
    this.saved = saved;
    this.#lockPath = join(dir, LOCK_FILE);
    this.#saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
    this.#onSaveError = options.onSaveError;
  }

  /** Creates the folder if missing (an empty one is fine), locks it and reads its state file. */
  static open(dir: string, options: StateDirectoryOptions = {}): StateDirectory {
    const folder = resolve(dir);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new StateDirectoryError(`cannot create ${folder}: ${(error as Error).message}`);
    }
    const lockPath = join(folder, LOCK_FILE);
    takeLock(lockPath, folder);
    try {
      // A temporary file is what a crash mid-save leaves; the state file itself is intact.
      for (const name of readdirSync(folder)) if (name.startsWith(`${STATE_FILE}.tmp-`)) rmSync(join(folder, name), { force: true });
      return new StateDirectory(folder, readSavedState(join(folder, STATE_FILE)), options);
    } catch (error) {
      rmSync(lockPath, { force: true });
      throw error;
    }
  }

  /** Starts saving `state` on `changed()`; `onSaveError` hears of a failed save (the next change tries again). */
  bind(state: EmulatorState, onSaveError?: (error: Error) => void): void {
    this.#state = state;
    this.#onSaveError ??= onSaveError;
  }

  /** The last save's failure, if the last save failed (the next change tries again). */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** How long after a change the next save happens: `saveDelayMs`, or longer for a large state. */
  get delayMs(): number {
    const sorted = [...this.#encodeMs].sort((a, b) => a - b);
    const typical = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return Math.max(this.#saveDelayMs, Math.ceil(BUSY_FACTOR * typical));
  }

  /** Something changed: a save happens within `delayMs`. */
  changed(): void {
    if (this.#closed || !this.#state) return;
    this.#changed = true;
    if (this.#timer !== undefined || this.#writing !== undefined) return;
    this.#timer = setTimeout(() => void this.#save(), this.delayMs);
    this.#timer.unref();
  }

  /** Saves now (whether or not anything changed) and waits until it is on disk. */
  async flush(): Promise<void> {
    this.#changed = true;
    await this.#save();
    if (this.#lastError) throw this.#lastError;
  }

  /** Saves what is pending and releases the folder. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#state) await this.flush();
    } finally {
      this.#closed = true;
      rmSync(this.#lockPath, { force: true });
    }
  }

  async #save(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#writing) await this.#writing;
    if (!this.#changed || !this.#state || this.#closed) return;
    this.#changed = false;
    const started = performance.now();
    const text = JSON.stringify(encodeState(this.#state));
    this.#encodeMs.push(performance.now() - started);
    if (this.#encodeMs.length > 5) this.#encodeMs.shift();
    this.#writing = writeFileDurably(this.file, text).then(
      () => {
        this.#lastError = undefined;
      },
      (error: unknown) => {
        this.#lastError = error instanceof Error ? error : new Error(String(error));
        this.#changed = true;
        this.#onSaveError?.(this.#lastError);
      },
    );
    await this.#writing;
    this.#writing = undefined;
    // Changes made while writing: the next save, on the usual delay.
    if (this.#changed && this.#lastError === undefined) this.changed();
  }
}

/** The parsed state file, or undefined when there is none (a new or empty folder). */
function readSavedState(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateDirectoryError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StateDirectoryError(`${file} is not JSON (${(error as Error).message}); move it away to start from the seed`);
  }
}
