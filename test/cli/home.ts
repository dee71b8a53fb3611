import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { makeTempDir } from '../fleet/fixtures.js';
import { runCli } from './run-cli.js';

export interface CliHome {
  readonly dir: string;
  /** Runs `warden --home DIR ...` in-process, with DIR as the working directory. */
  run(...argv: string[]): ReturnType<typeof runCli>;
}

/** A home initialized through `warden init`, removed after the test. */
export async function createCliHome(t: TestContext): Promise<CliHome> {
  const dir = makeTempDir(t);
  const run = (...argv: string[]) => runCli(['--home', dir, ...argv], { cwd: dir });
  const init = await run('init');
  assert.equal(init.status, 0, init.stderr);
  return { dir, run };
}
