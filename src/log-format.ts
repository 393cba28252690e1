/**
 * How the commands' log lines are written: JSON, for log collectors, or on a terminal through
 * pino-pretty (https://github.com/pinojs/pino-pretty), when that package is installed (a
 * development dependency: a production install has no terminal to read them on).
 * `PGS_LOG_FORMAT` forces either, for `pgs serve` and `pgs emulator` alike. Redaction happens in
 * pino before any formatting, so both formats carry the same fields.
 */
import type { DestinationStream } from 'pino';

/** What `PGS_LOG_FORMAT` accepts. */
export const LOG_FORMAT_SETTINGS = ['auto', 'json', 'pretty'] as const;
export type LogFormatSetting = (typeof LOG_FORMAT_SETTINGS)[number];
export type LogFormat = 'json' | 'pretty';

/** The format a setting means where the lines go: `auto` is pretty on a terminal, when pino-pretty can be had. */
export function logFormatFor(setting: LogFormatSetting, where: { isTTY: boolean; prettyAvailable: boolean }): LogFormat {
  if (!where.prettyAvailable) return 'json';
  if (setting === 'auto') return where.isTTY ? 'pretty' : 'json';
  return setting;
}

/** Whether pino-pretty is worth loading: `auto` off a terminal is JSON anyway (and the import costs memory). */
export function prettyWanted(setting: LogFormatSetting, isTTY: boolean): boolean {
  return setting === 'pretty' || (setting === 'auto' && isTTY);
}

export type PrettyStreamFactory = (out: NodeJS.WritableStream & { isTTY?: boolean }) => DestinationStream;

/** pino-pretty as one line per entry on `out`, or undefined when the package is not installed. */
export async function loadPrettyStreamFactory(): Promise<PrettyStreamFactory | undefined> {
  let pretty: (options: Record<string, unknown>) => DestinationStream;
  try {
    pretty = ((await import('pino-pretty')) as unknown as { default: typeof pretty }).default;
  } catch {
    return undefined;
  }
  return (out) =>
    pretty({
      destination: out,
      colorize: out.isTTY === true,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
    });
}

/** The warning to print when pretty lines were asked for and cannot be had. */
export const PRETTY_UNAVAILABLE_WARNING = 'PGS_LOG_FORMAT=pretty needs the pino-pretty package (npm install pino-pretty); logging JSON';
