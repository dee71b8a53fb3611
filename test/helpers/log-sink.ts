import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/index.js';

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger writing into memory, so tests can assert what was logged (and what was not). */
export function memoryLogger(level = 'debug'): {
  log: Logger;
  records: LogRecord[];
  text: () => string;
} {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString('utf8');
      lines.push(line);
      records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { log: createLogger({ level, destination }), records, text: () => lines.join('') };
}
