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
 * Standard output (or `fd`) for a long-running broker: lines are gathered and written 4 KiB at
 * a time, or 200 ms after the first line still waiting, instead of one write per line. Each
 * write hands the bytes to libuv's thread pool; on a broker pinned to one core that hop cost
 * about 0.2 ms per line, one line per connect (bench/, --profile). The flush timer is armed
 * only while a line waits: sonic-boom's own `periodicFlush` is an interval that issues an
 * empty write every period, which woke an idle broker five times a second for nothing. What a
 * SIGKILL costs: the last 200 ms of lines at most. Normal exits and crashes flush (pino's exit
 * hook).
 */
export function bufferedStdout(fd = 1): DestinationStream {
  const destination = pino.destination({ dest: fd, sync: false, minLength: BUFFER_BYTES });
  const write = destination.write.bind(destination);
  // Bytes handed over and bytes written. A flush that finds a write in progress only waits for
  // it, and what was buffered meanwhile stays below minLength; the timer runs until both agree.
  let received = 0;
  let written = 0;
  let closed = false;
  destination.on('write', (bytes: number) => {
    written += bytes;
  });
  destination.on('close', () => {
    closed = true;
  });
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(flush, FLUSH_INTERVAL_MS);
    timer.unref();
  };
  // flush() without a callback: with one, sonic-boom fsyncs the descriptor on every flush.
  const flush = () => {
    timer = undefined;
    if (closed || received === written) return;
    destination.flush();
    if (received !== written) arm();
  };
  destination.write = (line: string) => {
    received += Buffer.byteLength(line);
    const accepted = write(line);
    if (timer === undefined) arm();
    return accepted;
  };
  return destination;
}

/** A logger that discards everything, for library use without logging. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
