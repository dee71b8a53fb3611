import type { CliIo } from './io.js';

/** Writes records as indented JSON, one document. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}

/** Writes rows under a header, each column as wide as its widest cell. */
export function writeTable(io: CliIo, header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  for (const row of [header, ...rows]) {
    const cells = row.map((cell, column) => cell.padEnd(widths[column] ?? 0));
    writeLine(io, cells.join('  ').trimEnd());
  }
}

/** Claims as `key=value` pairs in key order, `-` when there are none. */
export function formatClaims(claims: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(claims)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? '-' : pairs.join(',');
}

/** A timestamp to the second, in UTC. */
export function formatTime(at: Date | null): string {
  return at === null ? '-' : at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
