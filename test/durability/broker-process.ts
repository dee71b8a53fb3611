/**
 * A broker in its own process, for tests that kill it: `node broker-process.js HOME [PORT]`
 * (PORT: the plain MQTT port, so clients can reconnect after a restart; default any free one).
 * Prints one JSON line `{ "pid", "mqttPort", "mqttsPort" }` once listening; answers each
 * `metrics` line on stdin with one JSON line of the broker's metrics, and each `gc` line (run
 * with --expose-gc) with `process.memoryUsage()` after full collections; on SIGTERM closes the
 * broker and exits 0. Logs go to stderr.
 */
import { createInterface } from 'node:readline';
import { startBroker } from '../../src/broker/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';

const home = process.argv[2];
if (home === undefined) throw new TypeError('usage: broker-process HOME');

const mqttPort = Number(process.argv[3] ?? 0);
const config = loadConfig({ home, mqttsPort: 0, mqttPort }, process.env);
const level = process.env['WARDEN_LOG_LEVEL'] ?? 'warn';
const log = createLogger({ level, destination: process.stderr });
const broker = await startBroker({ config, log });
const port = (name: string) => broker.addresses.find((a) => a.name === name)?.port;
process.stdout.write(
  `${JSON.stringify({ pid: process.pid, mqttPort: port('mqtt'), mqttsPort: port('mqtts') })}\n`,
);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'metrics') process.stdout.write(`${JSON.stringify(broker.metrics)}\n`);
  if (line.trim() === 'gc') void collectGarbage();
});
/** Buffers are freed by callbacks after the collection that found them dead: collect thrice. */
async function collectGarbage() {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (const _ of [1, 2, 3]) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write(`${JSON.stringify(process.memoryUsage())}\n`);
}

process.once('SIGTERM', () => {
  broker.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
