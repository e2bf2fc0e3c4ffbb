import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CommandError, UsageError } from './cli-error.ts';
import type { Command, OptionSpecs } from './commands/command.ts';
import { compactCommand } from './commands/compact.ts';
import { eraseCommand } from './commands/erase.ts';
import { generateCommand } from './commands/generate.ts';
import { lakeCommand } from './commands/lake.ts';
import { preflightCommand } from './commands/preflight.ts';
import { replayCommand } from './commands/replay.ts';
import { sqlCommand } from './commands/sql.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { trainCommand } from './commands/train.ts';
import { PROJECT_VERSION } from './project-version.ts';

/** Every `sdp` command, in the order the help lists them. */
const COMMANDS: readonly Command[] = [
  startCommand,
  statusCommand,
  generateCommand,
  sqlCommand,
  trainCommand,
  compactCommand,
  lakeCommand,
  preflightCommand,
  eraseCommand,
  replayCommand,
] as readonly Command[];

const HELP_OPTION = { type: 'boolean', short: 'h', description: 'show this help' } as const;

/** Runs `sdp <argv>`; resolves to the exit code: 0 done, 1 failed, 2 usage error. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(overview());
    return 2;
  }
  if (name === '-h' || name === '--help') {
    console.log(overview());
    return 0;
  }
  if (name === '-v' || name === '--version') {
    console.log(version());
    return 0;
  }
  if (name === 'help') return help(rest);
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`sdp: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  try {
    return await runCommand(command, rest);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    console.error(`sdp ${command.name}: ${error.message}`);
    if (error instanceof UsageError) console.error(`Run "sdp ${command.name} --help" for its options.`);
    return error.exitCode;
  }
}

async function runCommand(command: Command, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(command, args);
  if (values.help === true) {
    console.log(commandHelp(command));
    return 0;
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    const got = positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(', ');
    throw new UsageError(`expects ${expected} argument${max === 1 ? '' : 's'} (${command.args ?? ''}), got ${got}`);
  }
  return command.run({ values: values as never, positionals });
}

function parseCommandLine(command: Command, args: readonly string[]) {
  const options: NonNullable<ParseArgsConfig['options']> = { help: HELP_OPTION };
  for (const [name, spec] of Object.entries(command.options)) {
    const { description: _, value: __, ...parseOptions } = spec;
    options[name] = parseOptions;
  }
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      // Node appends advice about '--' to an unknown option; the first sentence is the whole point.
      throw new UsageError((error as Error).message.split(/\. To specify|\n/)[0] as string);
    }
    throw error;
  }
}

function help(args: readonly string[]): number {
  const command = COMMANDS.find((candidate) => candidate.name === args[0]);
  if (args.length > 0 && !command) {
    console.error(`sdp: unknown command "${args[0]}"\n\n${overview()}`);
    return 2;
  }
  console.log(command ? commandHelp(command) : overview());
  return 0;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    'Usage: sdp <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Run "sdp <command> --help" for a command\'s options; "sdp --version" prints the version.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const lines = [`Usage: sdp ${command.name}${command.args ? ` ${command.args}` : ''} [options]`, '', command.summary];
  if (command.details) lines.push('', command.details);
  lines.push('', 'Options:', ...optionLines({ ...command.options, help: HELP_OPTION }));
  return lines.join('\n');
}

function optionLines(options: OptionSpecs): string[] {
  const flags = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return { flag, description: spec.description };
  });
  const width = Math.max(...flags.map(({ flag }) => flag.length)) + 2;
  return flags.map(({ flag, description }) => `  ${flag.padEnd(width)}${description}`);
}

function version(): string {
  return `sdp ${PROJECT_VERSION} (node ${process.version})`;
}
