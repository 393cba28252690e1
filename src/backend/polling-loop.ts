/**
 * A background loop that runs a pass, then sleeps until its next poll or until woken: what an
 * outbox worker runs on. A pass that says there may be more right away runs again at once;
 * `stop()` waits for the pass in progress. The outbox workers run on it, through `outbox-drain.ts`.
 */

export interface PollingLoopOptions {
  pollIntervalMs: number;
  /** One pass; resolves whether there may be more to do right now. Errors go to `onError`. */
  pass: () => Promise<boolean>;
  /** Runs between passes (pruning, gauges); its errors go to `onError` too. */
  between?: () => Promise<void>;
  onError: (error: unknown) => void;
}

/** Start, stop and wake a polling loop. */
export class PollingLoop {
  readonly #options: PollingLoopOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #woken = false;

  constructor(options: PollingLoopOptions) {
    this.#options = options;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops the loop and waits for the pass in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = undefined;
  }

  /** Runs the next pass now instead of at the next poll. */
  wake(): void {
    this.#woken = true;
    const wakeUp = this.#wakeUp;
    this.#wakeUp = undefined;
    wakeUp?.();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let more = false;
      try {
        more = await this.#options.pass();
      } catch (error) {
        this.#options.onError(error);
      }
      if (!this.#running) break;
      try {
        await this.#options.between?.();
      } catch (error) {
        this.#options.onError(error);
      }
      if (more || this.#woken) continue;
      await this.#sleep(this.#options.pollIntervalMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeUp = undefined;
        resolve();
      }, ms);
      timer.unref?.();
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
