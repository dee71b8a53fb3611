import { type RunningBroker, startBroker } from '../../broker/index.js';
import { type Config, loadConfig } from '../../config/index.js';
import { WardenError } from '../../core/index.js';
import { ensureHome } from '../../fleet/index.js';
import { bufferedStdout, createLogger, type Logger } from '../../log/index.js';
import type { Command, CommandInput } from '../command.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export const start: Command = {
  name: 'start',
  summary: 'run the broker (creates the CA, certificates and registry on first run)',
  synopsis: '[--mqtts-port N] [--mqtt-port N] [--bind ADDR]',
  operands: [],
  options: {
    'mqtts-port': { type: 'string', value: 'N', description: 'MQTT over TLS port (0: any free)' },
    'mqtt-port': { type: 'string', value: 'N', description: 'plain MQTT port (0: any free)' },
    bind: { type: 'string', value: 'ADDR', description: 'address the TLS listener binds' },
  },
  async run(input) {
    const config = loadConfig(
      {
        home: input.home,
        mqttsPort: readPort(input, 'mqtts-port'),
        mqttPort: readPort(input, 'mqtt-port'),
        bind: input.string('bind'),
      },
      input.io.env,
    );
    const log = createLogger({ level: config.logLevel, destination: bufferedStdout() });

    const created = await ensureHome(config);
    if (created !== undefined) announceFirstRun(log, config);
    const broker = await startBroker({ config, log });
    await untilSignal(broker, log);
  },
};

function readPort(input: CommandInput, name: string): number | undefined {
  const text = input.string(name);
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
    throw new WardenError('ERR_INVALID_ARGUMENT', `--${name} must be a port from 0 to 65535`);
  }
  return Number(text);
}

function announceFirstRun(log: Logger, config: Config): void {
  log.info(
    { home: config.paths.home, caCert: config.paths.caCert },
    'home initialized: enroll a first device with `warden device add sensor-1` ' +
      'and `warden cert issue sensor-1 --key-type ec-p256`',
  );
}

/** Runs until SIGINT or SIGTERM, then stops accepting, closes clients and the registry. */
function untilSignal(broker: RunningBroker, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      for (const name of SIGNALS) process.off(name, stop);
      log.info({ signal }, 'shutting down');
      broker.close().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    for (const name of SIGNALS) process.on(name, stop);
  });
}
