import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Paths pino censors wherever they appear: secrets never reach a log line. */
export const redactPaths = [
  'password',
  'token',
  'jwt',
  'privateKey',
  'privateKeyPem',
  'keyPem',
  'authorization',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.jwt',
  '*.privateKey',
  '*.privateKeyPem',
  '*.keyPem',
  '*.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** A destination stream; tests pass an in-memory sink. Defaults to stdout. */
  destination?: DestinationStream;
  name?: string;
}

/** Creates Warden's root logger; parts take children with `{ component }`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    name: options.name ?? 'warden',
    level: options.level ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { pid: process.pid },
    serializers: { err: pino.stdSerializers.err },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/** Bytes a buffered destination gathers before it writes, and the longest a line waits. */
const BUFFER_BYTES = 4096;
const FLUSH_INTERVAL_MS = 200;

/**
 * Standard output for a long-running broker: lines are gathered and written 4 KiB at a time,
 * or every 200 ms when quiet, instead of one write per line. Each write hands the bytes to
 * libuv's thread pool; on a broker pinned to one core that hop cost about 0.2 ms per line, one
 * line per connect (bench/, --profile). What a SIGKILL costs: the last 200 ms of lines at most.
 * Normal exits and crashes flush (pino's exit hook).
 */
export function bufferedStdout(): DestinationStream {
  return pino.destination({
    dest: 1,
    sync: false,
    minLength: BUFFER_BYTES,
    periodicFlush: FLUSH_INTERVAL_MS,
  } as Parameters<typeof pino.destination>[0]);
}

/** A logger that discards everything, for library use without logging. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
