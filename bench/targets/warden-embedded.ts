/**
 * Warden's broker started in-process, exactly as `warden start` starts it, for builds whose CLI
 * does not carry `start` yet. The harness prefers `warden start` and says when it fell back.
 * Run: node dist/bench/targets/warden-embedded.js --home DIR
 */
import { parseArgs } from 'node:util';
import { startBroker } from '../../src/broker/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';

const { values } = parseArgs({ options: { home: { type: 'string' } } });
const config = loadConfig(
  { home: values.home, mqttsPort: 0, mqttPort: 0, bind: '127.0.0.1' },
  process.env,
);
const broker = await startBroker({ config, log: createLogger({ level: config.logLevel }) });
const stop = () => {
  broker.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
