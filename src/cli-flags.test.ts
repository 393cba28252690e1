import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from './cli-flags.js';

const SPEC = {
  port: { type: 'string', missing: '--port needs an integer, got nothing' },
  name: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function mistake(args: string[], unexpected?: (arg: string) => string): string {
  try {
    parseFlags(args, SPEC, unexpected);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${args.join(' ')} to be refused`);
}

describe('parseFlags', () => {
  it('reads --flag value, --flag=value, switches and short flags; the last occurrence wins', () => {
    expect(parseFlags(['--port', '80', '--name=a=b', '--quiet', '-h', '--port=81'], SPEC)).toEqual({ port: '81', name: 'a=b', quiet: true, help: true });
    expect(parseFlags([], SPEC)).toEqual({});
    expect(parseFlags(['--name='], SPEC)).toEqual({ name: '' });
  });

  it('refuses unknown flags, positionals and "--" in the command’s words', () => {
    expect(mistake(['--colour'])).toBe('unknown option "--colour"');
    expect(mistake(['-x'])).toBe('unknown option "-x"');
    expect(mistake(['now'])).toBe('unknown option "now"');
    expect(mistake(['--', 'x'])).toBe('unknown option "--"');
    expect(mistake(['--force'], (arg) => `unexpected argument "${arg}"`)).toBe('unexpected argument "--force"');
  });

  it('says which flag lacks its value, and refuses a value on a switch', () => {
    expect(mistake(['--port'])).toBe('--port needs an integer, got nothing');
    expect(mistake(['--quiet', '--name'])).toBe('--name needs a value');
    expect(mistake(['--quiet=yes'])).toBe('--quiet takes no value');
  });
});
