#!/usr/bin/env node
/**
 * `pgs`: the one command of the package. Each subcommand lives with the part it runs; this file
 * only dispatches, so that `pgs emulator` never loads the backend and the reverse.
 */
import { parseFlags, UsageError } from './cli-flags.js';

const USAGE = `Usage: pgs <command> [options]
       pgs --version

Commands:
  serve      run the backend (what \`npm start\` runs); starts the built-in emulator when no
             Google credentials are configured  [--emulator-config FILE]
  emulator   run the Play Games emulator alone
             [--port N] [--host H] [--config FILE] [--fault-seed N]
  migrate    apply the store's migrations to DATABASE_URL and exit
  help       show this text

\`pgs <command> --help\` shows a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command?.startsWith('-') === true) return topLevelFlags(argv);
  switch (command) {
    case 'serve': {
      const { runServeCommand } = await import('./backend/serve-command.js');
      return runServeCommand(rest);
    }
    case 'emulator': {
      const { runEmulatorCommand } = await import('./emulator/emulator-command.js');
      return runEmulatorCommand(rest);
    }
    case 'migrate': {
      const { runMigrateCommand } = await import('./store/migrate-command.js');
      return runMigrateCommand(rest);
    }
    case undefined:
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`pgs: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

/** `pgs --version`, `pgs --help` (and `-v`, `-h`); anything else before a command is refused. */
async function topLevelFlags(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv, { version: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' } }, (arg) => `unknown command "${arg}"`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`pgs: ${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (flags.version === true) {
    const { PACKAGE_VERSION } = await import('./package-version.js');
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  process.stdout.write(USAGE);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // A long-running command (serve, emulator) resolves with -1 and keeps the process alive.
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pgs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
