import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Command, OptionSpecs } from './command.js';
import { findCommand, isGroup } from './command-table.js';
import { globalOptions, globalOptionsWithValue } from './global-options.js';
import { UsageError } from './usage-error.js';

export type OptionValue = string | boolean | (string | boolean)[] | undefined;

export type ParsedCommandLine =
  | { readonly kind: 'help'; readonly topic: string }
  | {
      readonly kind: 'run';
      readonly command: Command;
      readonly values: Readonly<Record<string, OptionValue>>;
      readonly operands: Readonly<Record<string, string>>;
    };

const END_OF_OPTIONS = '--';
const HELP_FLAGS = ['--help', '-h'];
/** The prefix of the codes node:util parseArgs gives its errors. */
const PARSE_ARGS_ERROR = 'ERR_PARSE_ARGS_';

/**
 * Reads `warden [global options] <command words> [options] [operands]`: find the command words
 * → select the command → parse its options strictly → match the operands. Throws UsageError.
 */
export function parseCommandLine(
  argv: readonly string[],
  table: readonly Command[],
): ParsedCommandLine {
  const { words, rest } = splitCommandWords(argv, table);
  const asksHelp = wantsHelp(rest);
  if (words.length === 0) {
    if (asksHelp) return { kind: 'help', topic: '' };
    throw new UsageError('missing command', '');
  }

  const command = selectCommand(words, table, asksHelp);
  if (typeof command === 'string') return { kind: 'help', topic: command };
  if (asksHelp) return { kind: 'help', topic: command.name };

  const { values, positionals } = parseOptions(rest, command);
  return { kind: 'run', command, values, operands: matchOperands(positionals, command) };
}

/** Takes the first one or two positional words out of `argv`, skipping global options. */
function splitCommandWords(argv: readonly string[], table: readonly Command[]) {
  const words: string[] = [];
  const rest: string[] = [];
  let wanted = 1;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (words.length >= wanted || token === END_OF_OPTIONS) {
      rest.push(...argv.slice(index));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      rest.push(token);
      if (globalOptionsWithValue.includes(token) && index + 1 < argv.length) {
        rest.push(argv[++index]!);
      }
      continue;
    }
    words.push(token);
    if (words.length === 1 && isGroup(table, token)) wanted = 2;
  }
  return { words, rest };
}

function wantsHelp(rest: readonly string[]): boolean {
  const end = rest.indexOf(END_OF_OPTIONS);
  const options = end < 0 ? rest : rest.slice(0, end);
  return options.some((token) => HELP_FLAGS.includes(token));
}

/** The command the words name, or a group name when only its help can be shown. */
function selectCommand(words: readonly string[], table: readonly Command[], asksHelp: boolean) {
  const [first = '', second] = words;
  if (!isGroup(table, first)) {
    const command = findCommand(table, first);
    if (command === undefined) throw new UsageError(`unknown command ${quote(first)}`, '');
    return command;
  }
  if (second === undefined) {
    if (asksHelp) return first;
    throw new UsageError(`missing ${first} command`, first);
  }

  const command = findCommand(table, `${first} ${second}`);
  if (command === undefined) {
    throw new UsageError(`unknown command ${quote(`${first} ${second}`)}`, first);
  }
  return command;
}

function parseOptions(rest: string[], command: Command) {
  const options = toParseArgsOptions({ ...command.options, ...globalOptions });
  try {
    return parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith(PARSE_ARGS_ERROR)) throw error;
    throw new UsageError(firstSentence((error as Error).message), command.name);
  }
}

// Node's own wording names the option; its later sentences give advice that does not fit here.
function firstSentence(message: string): string {
  const sentence = message.split('. ')[0] ?? message;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

function toParseArgsOptions(specs: OptionSpecs): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple === true ? { multiple: true } : {}),
      ...(spec.short === undefined ? {} : { short: spec.short }),
    };
  }
  return options;
}

function matchOperands(positionals: readonly string[], command: Command): Record<string, string> {
  const operands: Record<string, string> = {};
  command.operands.forEach((operand, index) => {
    const value = positionals[index];
    if (value !== undefined) operands[operand.name] = value;
    else if (operand.optional !== true) {
      throw new UsageError(`missing ${operand.name}`, command.name);
    }
  });

  const extra = positionals[command.operands.length];
  if (extra !== undefined)
    throw new UsageError(`unexpected argument ${quote(extra)}`, command.name);
  return operands;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}
