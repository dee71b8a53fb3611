import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bufferedStdout, createLogger } from '../../src/log/index.js';

/** Longer than the 200 ms flush delay, with room for a loaded machine. */
const SETTLE_MS = 1500;

function fileLogger(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'warden-log-'));
  const path = join(dir, 'out.log');
  // The descriptor stays open until the process exits: pino flushes what is still buffered on
  // exit, and closing it under the logger would leave that flush spinning on a dead descriptor.
  const fd = openSync(path, 'w');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = createLogger({ destination: bufferedStdout(fd) });
  const lines = () =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  return { log, lines };
}

async function waitForLines(lines: () => string[], count: number): Promise<string[]> {
  const deadline = Date.now() + SETTLE_MS;
  while (lines().length < count && Date.now() < deadline) await sleep(20);
  return lines();
}

test('a lone line is held back, then written once the broker is quiet', async (t) => {
  const { log, lines } = fileLogger(t);
  log.info({ clientId: 'd-1' }, 'connection authenticated');
  assert.equal(lines().length, 0, 'a short line waits for more');
  const written = await waitForLines(lines, 1);
  assert.equal(written.length, 1);
  assert.equal(JSON.parse(written[0] as string).msg, 'connection authenticated');
});

test('a burst larger than the buffer loses no line and keeps their order', async (t) => {
  const { log, lines } = fileLogger(t);
  const count = 300;
  for (let index = 0; index < count; index += 1) {
    log.info({ index, detail: 'x'.repeat(200) }, 'entry');
  }
  const written = await waitForLines(lines, count);
  assert.equal(written.length, count);
  assert.deepEqual(
    written.map((line) => JSON.parse(line).index),
    Array.from({ length: count }, (_, index) => index),
  );
});

test('lines logged after a quiet spell are written too', async (t) => {
  const { log, lines } = fileLogger(t);
  log.info('first');
  await waitForLines(lines, 1);
  await sleep(300);
  log.info('second');
  const written = await waitForLines(lines, 2);
  assert.deepEqual(
    written.map((line) => JSON.parse(line).msg),
    ['first', 'second'],
  );
});
