/**
 * The flags of `pgs` commands, read by node:util `parseArgs`
 * (https://nodejs.org/docs/latest-v20.x/api/util.html#utilparseargsconfig), with the messages the
 * commands document instead of Node's. `parseArgs` runs non-strict so that every token comes
 * back, and each is then checked here: an unknown flag or a stray argument, a flag that needs a
 * value and has none, a switch given a value. Both `--flag value` and `--flag=value` are read;
 * the last occurrence of a flag wins.
 */
import { parseArgs } from 'node:util';

/** A command-line mistake: the command reports it with its usage text. */
export class UsageError extends Error {}

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The message when a string flag has no value (default `--name needs a value`). */
  missing?: string;
}

export type FlagValues<Spec extends Record<string, FlagSpec>> = {
  [Name in keyof Spec]?: Spec[Name]['type'] extends 'string' ? string : boolean;
};

/**
 * Parses `args` against `spec`; throws `UsageError` on any mistake. `unexpected` words the
 * message for an unknown flag or a positional argument, given as typed.
 */
export function parseFlags<Spec extends Record<string, FlagSpec>>(
  args: readonly string[],
  spec: Spec,
  unexpected: (arg: string) => string = (arg) => `unknown option "${arg}"`,
): FlagValues<Spec> {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, flag]) => [name, flag.short === undefined ? { type: flag.type } : { type: flag.type, short: flag.short }]),
  );
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(unexpected(token.value));
    if (token.kind === 'option-terminator') throw new UsageError(unexpected('--'));
    const flag = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    if (flag === undefined) throw new UsageError(unexpected(token.rawName));
    if (flag.type === 'string') {
      if (token.value === undefined) throw new UsageError(flag.missing ?? `${token.rawName} needs a value`);
      values[token.name] = token.value;
    } else {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
    }
  }
  return values as FlagValues<Spec>;
}
