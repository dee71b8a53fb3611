import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/index.js';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = fileURLToPath(new URL('../../../bin/warden.js', import.meta.url));

/** Runs `warden` in this process with captured output. */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd,
  });
  return { status, stdout, stderr };
}

/** Runs the real `node bin/warden.js` as a child process. */
export function spawnCli(
  argv: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): CliResult {
  const env = { PATH: process.env['PATH'], ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts an operational failure: status 1, nothing on stdout, one `warden: ` line, no stack. */
export function assertFailure(result: CliResult, pattern?: RegExp): void {
  assert.equal(result.status, 1, `stderr: ${result.stderr}`);
  assert.equal(result.stdout, '');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^warden: \S/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.doesNotMatch(result.stderr, /internal error/);
  if (pattern !== undefined) assert.match(lines[0]!, pattern);
}

/** Asserts a usage error: status 2, a `warden: ` line and a `see: warden ... --help` hint. */
export function assertUsage(result: CliResult, hint: string): void {
  assert.equal(result.status, 2, `stderr: ${result.stderr}`);
  assert.equal(result.stdout, '');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 2, result.stderr);
  assert.match(lines[0]!, /^warden: \S/);
  assert.equal(lines[1], `see: ${hint}`);
}
