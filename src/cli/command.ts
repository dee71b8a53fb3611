import type { Config } from '../config/index.js';
import type { Fleet } from '../fleet/index.js';
import type { CliIo } from './io.js';

/** One option of a command, as node:util parseArgs reads it, plus what help prints. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** The placeholder help shows for a string option, e.g. FILE. */
  readonly value?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A positional argument; the optional ones come last. */
export interface OperandSpec {
  readonly name: string;
  readonly optional?: boolean;
}

/** What a command receives once its command line parsed cleanly. */
export interface CommandInput {
  readonly io: CliIo;
  readonly json: boolean;
  readonly home: string;
  /** Operands by name; an optional one that was not given is absent. */
  readonly operands: Readonly<Record<string, string>>;
  string(name: string): string | undefined;
  strings(name: string): string[];
  flag(name: string): boolean;
  /** Resolves a path given on the command line against the working directory. */
  resolvePath(path: string): string;
  loadConfig(): Config;
  /** Opens the fleet of the home directory, runs `action`, and closes the fleet. */
  withFleet<T>(action: (fleet: Fleet) => Promise<T> | T): Promise<T>;
}

/** One entry of the dispatch table: `warden <name> ...`. */
export interface Command {
  /** The words that select it, e.g. `device add`. */
  readonly name: string;
  readonly summary: string;
  /** The argument part of the usage line, after the name. */
  readonly synopsis: string;
  readonly operands: readonly OperandSpec[];
  readonly options: OptionSpecs;
  run(input: CommandInput): Promise<void>;
}
