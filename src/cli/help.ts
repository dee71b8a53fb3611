import type { Command, OptionSpec, OptionSpecs } from './command.js';
import { findCommand, groupOf } from './command-table.js';
import { globalOptions } from './global-options.js';

const OPTION_COLUMN = 26;
const HELP_WIDTH = 100;
const INDENT = ' '.repeat(OPTION_COLUMN);

/** Help for `topic`: '' for everything, a group name, or a command name. */
export function formatHelp(table: readonly Command[], topic: string): string {
  const command = findCommand(table, topic);
  if (command !== undefined) return formatCommandHelp(command);

  const listed = topic === '' ? table : table.filter((entry) => groupOf(entry) === topic);
  const title = topic === '' ? 'warden <command> [options]' : `warden ${topic} <command> [options]`;
  return [
    `usage: ${title}`,
    '',
    'commands:',
    ...listed.map((entry) => `  ${pad(entry.name, OPTION_COLUMN - 2)}${entry.summary}`),
    '',
    'global options:',
    ...formatOptions(globalOptions),
    '',
    `Run \`warden ${topic === '' ? '' : `${topic} `}<command> --help\` for a command's options.`,
    '',
  ].join('\n');
}

function formatCommandHelp(command: Command): string {
  const lines = [
    `usage: warden ${command.name} ${command.synopsis}`.trimEnd(),
    '',
    command.summary,
  ];
  if (Object.keys(command.options).length > 0) {
    lines.push('', 'options:', ...formatOptions(command.options));
  }
  lines.push('', 'global options:', ...formatOptions(globalOptions), '');
  return lines.join('\n');
}

function formatOptions(options: OptionSpecs): string[] {
  return Object.entries(options).flatMap(([name, spec]) => {
    const [first = '', ...more] = wrap(spec.description, HELP_WIDTH - OPTION_COLUMN);
    const label = optionLabel(name, spec);
    return [`  ${pad(label, OPTION_COLUMN - 2)}${first}`, ...more.map((line) => INDENT + line)];
  });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short === undefined ? '' : `-${spec.short}, `;
  const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
  return `${short}--${name}${value}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text}  ` : text.padEnd(width);
}
