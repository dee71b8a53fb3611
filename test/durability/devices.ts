import { createServer } from 'node:net';
import type { TestContext } from 'node:test';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { TestHome } from '../helpers/home.js';

/** Policy for the durability tests: each device publishes under its own id, reads everyone. */
export const DURABILITY_POLICY = `
policies:
  device:
    publish: ['telemetry/{device}/#']
    subscribe: [telemetry/#]
`;

export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly qos: number;
  readonly retain: boolean;
}

export interface OpenDevice {
  readonly client: MqttClient;
  readonly sessionPresent: boolean;
  /** Every message since the client was created, queued ones included. */
  readonly received: Received[];
}

/**
 * Connects a registered device with a fresh token over plain MQTT, collecting messages from
 * the start (a persistent session's queue flows right after CONNACK). Rejects on refusal.
 */
export async function openDevice(
  t: TestContext,
  home: TestHome,
  url: string,
  id: string,
  options: IClientOptions = {},
): Promise<OpenDevice> {
  const { token } = await home.fleet.mintToken({ deviceId: id });
  const client = mqtt.connect(url, {
    clientId: id,
    username: id,
    password: token,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...options,
  });
  t.after(() => client.end(true));
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain }),
  );
  const sessionPresent = await new Promise<boolean>((resolve, reject) => {
    client.once('connect', (connack) => resolve(connack.sessionPresent));
    client.once('error', reject);
  });
  return { client, sessionPresent, received };
}

/** Resolves once `done()` holds, polling; rejects after `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP port free right now on loopback, for a broker that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
