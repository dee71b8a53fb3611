import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { type BrokerOptions, type RunningBroker, startBroker } from '../../src/broker/index.js';
import type { TestHome } from './home.js';
import { type LogRecord, memoryLogger } from './log-sink.js';

export interface TestBroker {
  readonly broker: RunningBroker;
  readonly records: LogRecord[];
  readonly mqttsUrl: string;
  readonly mqttUrl: string;
  readonly caPem: Buffer;
}

/** Starts a broker on free loopback ports for one test and stops it afterwards. */
export async function startTestBroker(
  t: TestContext,
  home: TestHome,
  options: Partial<BrokerOptions> = {},
): Promise<TestBroker> {
  const { log, records } = memoryLogger();
  const broker = await startBroker({ config: home.config, log, ...options });
  t.after(() => broker.close());
  const port = (name: string) => broker.addresses.find((a) => a.name === name)?.port ?? 0;
  return {
    broker,
    records,
    mqttsUrl: `mqtts://localhost:${port('mqtts')}`,
    mqttUrl: `mqtt://127.0.0.1:${port('mqtt')}`,
    caPem: readFileSync(home.config.paths.caCert),
  };
}

export interface ConnectRefusal {
  readonly refused: true;
  readonly code: number | undefined;
  readonly message: string;
}

/** Connects an mqtt.js client once (no reconnects); resolves to the client or the refusal. */
export function connect(
  t: TestContext,
  url: string,
  options: IClientOptions,
): Promise<MqttClient | ConnectRefusal> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, {
      reconnectPeriod: 0,
      connectTimeout: 5000,
      protocolVersion: 4,
      ...options,
    });
    t.after(() => client.end(true));
    client.once('connect', () => resolve(client));
    client.once('error', (error: Error & { code?: number }) => {
      client.end(true);
      resolve({
        refused: true,
        code: typeof error.code === 'number' ? error.code : undefined,
        message: error.message,
      });
    });
    client.once('close', () => resolve({ refused: true, code: undefined, message: 'closed' }));
  });
}

export function isRefusal(value: MqttClient | ConnectRefusal): value is ConnectRefusal {
  return (value as ConnectRefusal).refused === true;
}

/** Connects and fails the test unless the connection is accepted. */
export async function connectOk(
  t: TestContext,
  url: string,
  options: IClientOptions,
): Promise<MqttClient> {
  const result = await connect(t, url, options);
  if (isRefusal(result)) throw new Error(`expected a connection, got ${result.message}`);
  return result;
}

/** Resolves when the client closes (or after `timeoutMs`, with false). */
export function waitForClose(client: MqttClient, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Collects messages for `ms` and returns them. */
export function collectMessages(
  client: MqttClient,
  ms: number,
): Promise<{ topic: string; payload: string; retain: boolean }[]> {
  const seen: { topic: string; payload: string; retain: boolean }[] = [];
  const onMessage = (topic: string, payload: Buffer, packet: { retain?: boolean }) =>
    seen.push({ topic, payload: payload.toString(), retain: packet.retain === true });
  client.on('message', onMessage);
  return new Promise((resolve) =>
    setTimeout(() => {
      client.off('message', onMessage);
      resolve(seen);
    }, ms),
  );
}

export function certOptions(
  caPem: Buffer,
  id: string,
  certPem: string,
  keyPem: string,
): IClientOptions {
  return {
    clientId: id,
    ca: caPem,
    cert: certPem,
    key: keyPem,
    rejectUnauthorized: true,
    clean: true,
  };
}

export function tokenOptions(caPem: Buffer, id: string, token: string): IClientOptions {
  return {
    clientId: id,
    username: id,
    password: token,
    ca: caPem,
    rejectUnauthorized: true,
    clean: true,
  };
}

/** Subscribes and returns the SUBACK return codes, 128 included (mqtt.js rejects on those). */
export async function subscribeGranted(
  client: MqttClient,
  filters: string[],
  qos: 0 | 1 | 2 = 0,
): Promise<number[]> {
  try {
    const granted = await client.subscribeAsync(filters, { qos });
    return granted.map((g) => g.qos);
  } catch (error) {
    const packet = (error as { packet?: { granted?: number[] } }).packet;
    if (packet?.granted === undefined) throw error;
    return packet.granted;
  }
}
