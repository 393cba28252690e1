/**
 * Injected faults (src/emulator/README.md, 'Control API'): requests whose path starts with a
 * fault's `path` (and whose method matches, if given) get a status, a delay or a dropped
 * connection.
 * - Faults are matched in registration order. Delays add up. The first matching `status` or
 *   `dropConnection` ends the request (later faults are not consulted).
 * - `times` counts the requests a fault affects; a `probability` roll that misses does not use
 *   one up. With `faultSeed` the rolls come from a seeded PRNG, so a run is reproducible.
 * - `after: true`: the request is applied first; its delay then runs and only its answer fails
 *   or is dropped: the case that tests a client's idempotent retry.
 * The control API (`/emulator/v1`) is never subject to faults.
 */
import { shortId } from './ids.js';

export interface FaultSpec {
  path: string;
  method?: string | undefined;
  status?: number | undefined;
  reason?: string | undefined;
  message?: string | undefined;
  delayMs?: number | undefined;
  dropConnection?: boolean | undefined;
  after?: boolean | undefined;
  times?: number | undefined;
  probability?: number | undefined;
  /** For `status: 429` (default 1) or any status: the `Retry-After` header, in seconds. */
  retryAfterSeconds?: number | undefined;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Matches still to affect; undefined means unlimited. */
  remaining: number | undefined;
  /** Requests affected so far. */
  hits: number;
}

/** What the matching faults do to one request. */
export interface FaultPlan {
  /** Sum of the delays of the faults that apply before the request is handled. */
  delayBeforeMs: number;
  /** Sum of the delays of `after: true` faults, applied once the answer is ready. */
  delayAfterMs: number;
  /** The fault that ends the request with a status or a dropped connection, if any. */
  terminal: Fault | undefined;
  /** Every fault that affected the request, in order. */
  faults: Fault[];
}

/** mulberry32: a tiny, good-enough seeded PRNG for reproducible fault rolls. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The registered faults, in order. */
export class FaultRegistry {
  #faults: Fault[] = [];
  #random: () => number;
  readonly #seed: number | undefined;

  constructor(seed?: number) {
    this.#seed = seed;
    this.#random = seed === undefined ? Math.random : seededRandom(seed);
  }

  /** True when no fault can match (the hot path skips matching entirely). */
  get empty(): boolean {
    return this.#faults.length === 0;
  }

  /** Registers a fault (already validated by the control API). */
  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: shortId('fault'), remaining: spec.times, hits: 0 };
    if (fault.method !== undefined) fault.method = fault.method.toUpperCase();
    this.#faults.push(fault);
    return fault;
  }

  /** Every registered fault, including used-up ones. */
  list(): readonly Fault[] {
    return this.#faults;
  }

  /** Removes one fault; false when there is none with that ID. */
  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((fault) => fault.id !== id);
    return this.#faults.length !== before;
  }

  /** Removes every fault. */
  clear(): void {
    this.#faults = [];
  }

  /** Removes every fault and restarts the seeded PRNG. */
  reset(): void {
    this.clear();
    this.#random = this.#seed === undefined ? Math.random : seededRandom(this.#seed);
  }

  /** Decides what happens to a request, using up `times` of the faults that apply. */
  match(method: string, path: string): FaultPlan | undefined {
    let plan: FaultPlan | undefined;
    for (const fault of this.#faults) {
      if (fault.remaining === 0) continue;
      if (fault.method !== undefined && fault.method !== method) continue;
      if (!path.startsWith(fault.path)) continue;
      if (fault.probability !== undefined && fault.probability < 1 && this.#random() >= fault.probability) continue;
      if (fault.remaining !== undefined) fault.remaining -= 1;
      fault.hits += 1;
      plan ??= { delayBeforeMs: 0, delayAfterMs: 0, terminal: undefined, faults: [] };
      plan.faults.push(fault);
      if (fault.delayMs) {
        if (fault.after) plan.delayAfterMs += fault.delayMs;
        else plan.delayBeforeMs += fault.delayMs;
      }
      if (fault.dropConnection || fault.status !== undefined) {
        plan.terminal = fault;
        break;
      }
    }
    return plan;
  }
}
