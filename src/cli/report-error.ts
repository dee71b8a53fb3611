import { isWardenError } from '../core/index.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

export const EXIT_SUCCESS = 0;
/** An operational error: the command was understood and could not be done. */
export const EXIT_FAILURE = 1;
/** The command line itself was wrong. */
export const EXIT_USAGE = 2;

/**
 * Prints one line for an error and answers the exit status. A WardenError is the user's to fix;
 * anything else is a bug, whose stack is shown only with WARDEN_DEBUG=1.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    const topic = error.topic === '' ? '' : `${error.topic} `;
    io.stderr.write(`warden: ${oneLine(error.message)}\nsee: warden ${topic}--help\n`);
    return EXIT_USAGE;
  }
  if (isWardenError(error)) {
    io.stderr.write(`warden: ${oneLine(error.message)}\n`);
    return EXIT_FAILURE;
  }

  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`warden: internal error: ${oneLine(message)}\n`);
  if (io.env['WARDEN_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack}\n`);
  }
  return EXIT_FAILURE;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
