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

/** A logger that discards everything, for library use without logging. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
