/**
 * The CLI's logger on stdout, and the one way to let it go at exit without hanging.
 *
 * pino writes to stdout through sonic-boom, asynchronously, and at process exit flushes what is
 * left with `flushSync`. sonic-boom 4's `flushSync` retries every failed write but EAGAIN/EBUSY
 * forever, EPIPE included (node_modules/sonic-boom/index.js, `flushSync`): when the reader of
 * stdout is gone at exit (Ctrl-C on `pgs serve | pino-pretty` ends both), the process spins at
 * 100% CPU and never exits. pino itself disarms the stream on EPIPE, but only once an
 * asynchronous write has failed, which may come after the exit. So `settle` lets what is on its
 * way be written (for at most `timeoutMs`), then disarms the exit flush: a log line may be lost
 * at exit, the exit never is.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

/** The part of sonic-boom read here; `_writing` and `_len` are its own (absent: nothing is waited for). */
interface StdoutStream {
  flushSync(): void;
  _writing?: boolean;
  _len?: number;
}

export interface StdoutLogger {
  logger: Logger;
  /** Waits (at most `timeoutMs`) for the lines on their way, then makes the exit flush a no-op. */
  settle: (timeoutMs: number) => Promise<void>;
}

/** How often `settle` looks whether the stream is done. */
const SETTLE_POLL_MS = 10;

/** A logger on stdout with `options` (the backend's: JSON, secrets redacted) that can be let go at exit. */
export function createStdoutLogger(options: LoggerOptions): StdoutLogger {
  const destination = pino.destination({ dest: 1, sync: false });
  const stream = destination as unknown as StdoutStream;
  return {
    logger: pino(options, destination),
    settle: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while ((stream._writing === true || (stream._len ?? 0) > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      }
      stream.flushSync = () => undefined;
    },
  };
}
