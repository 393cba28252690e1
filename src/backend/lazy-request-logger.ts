/**
 * Fastify's per-request logger, made only when a request logs something.
 *
 * Fastify gives every request a child logger carrying its `reqId`. With pino, making one is not
 * free: the child's bindings go through the redaction of every secret key (src/backend/logger.ts)
 * and are serialised, on every request, even when the level lets nothing through (at `warn`, a
 * request that succeeds logs nothing). CPU profiles of the backend under load put that work at
 * 2–3 % of a warm achievements read (docs/BENCHMARKS.md, 'Hot paths'). This factory hands out a
 * stand-in that makes the real child, with the same bindings and options, on the first call at an
 * enabled level, so what reaches the log is exactly what the eager child would have written.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** A pino logger as Fastify holds it: its base interface plus the level check pino has. */
type LevelAwareLogger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

class LazyChildLogger {
  readonly #parent: LevelAwareLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;
  #child: LevelAwareLogger | undefined;

  constructor(parent: LevelAwareLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #made(): LevelAwareLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options) as LevelAwareLogger;
    return this.#child;
  }

  #log(level: Level): LogFn {
    return (...args: unknown[]) => {
      // Until the child exists its level is the parent's (options that change it make it at once).
      if (!(this.#child ?? this.#parent).isLevelEnabled(level)) return;
      const write: (...a: unknown[]) => void = this.#made()[level];
      write.apply(this.#child, args);
    };
  }

  readonly fatal = this.#log('fatal');
  readonly error = this.#log('error');
  readonly warn = this.#log('warn');
  readonly info = this.#log('info');
  readonly debug = this.#log('debug');
  readonly trace = this.#log('trace');
  readonly silent: LogFn = () => {};

  get level(): string {
    return (this.#child ?? this.#parent).level;
  }

  set level(level: string) {
    this.#made().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.#parent).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#made().child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: a lazy child, or the real one when options change how it logs
 * (a route's own level or serializers) or the logger is not pino.
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const levelAware = logger as Partial<LevelAwareLogger>;
  if (Object.keys(options).length > 0 || typeof levelAware.isLevelEnabled !== 'function') return logger.child(bindings, options);
  return new LazyChildLogger(logger as LevelAwareLogger, bindings, options);
}
