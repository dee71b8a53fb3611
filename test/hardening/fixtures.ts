import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { TestBroker } from '../helpers/broker.js';
import type { TestHome } from '../helpers/home.js';
import {
  type ConnectSpec,
  encodeConnect,
  encodeSubscribe,
  RawClient,
  type RawTarget,
  readConnack,
  readSuback,
  targetOf,
} from './raw-client.js';

/** Adds an enabled device and mints it a broker-signed token. */
export async function addTokenDevice(
  home: TestHome,
  id: string,
  claims?: Record<string, string>,
): Promise<string> {
  home.fleet.addDevice(id, claims);
  const { token } = await home.fleet.mintToken({ deviceId: id, ttlSeconds: 600 });
  return token;
}

/** Opens a raw socket (plain loopback listener unless `target` says otherwise). */
export async function openRaw(
  t: TestContext,
  broker: TestBroker,
  target: RawTarget = targetOf(broker.mqttUrl),
): Promise<RawClient> {
  const client = await RawClient.open(target);
  t.after(() => client.destroy());
  return client;
}

/** Writes a CONNECT and returns the client with what the broker answered. */
export async function sendConnect(
  t: TestContext,
  broker: TestBroker,
  spec: ConnectSpec,
  target?: RawTarget,
): Promise<{ client: RawClient; answer: number | 'closed' | 'timeout' }> {
  const client = await openRaw(t, broker, target);
  await client.write(encodeConnect(spec));
  return { client, answer: await readConnack(client) };
}

/** A raw token connection over the plain listener that the broker accepted. */
export async function connectToken(
  t: TestContext,
  broker: TestBroker,
  id: string,
  token: string,
): Promise<RawClient> {
  const { client, answer } = await sendConnect(t, broker, {
    clientId: id,
    username: id,
    password: token,
  });
  assert.equal(answer, 0, `${id} should be accepted`);
  return client;
}

/** Subscribes and asserts the SUBACK codes. */
export async function subscribe(
  client: RawClient,
  packetId: number,
  filters: readonly { filter: string | Uint8Array; qos?: number }[],
): Promise<number[] | 'closed' | 'timeout'> {
  await client.write(encodeSubscribe(packetId, filters));
  return readSuback(client, packetId);
}

/** Proves the process still serves: a fresh device connects and is accepted. */
export async function assertStillServing(
  t: TestContext,
  home: TestHome,
  broker: TestBroker,
  id = `alive-${Math.random().toString(36).slice(2, 8)}`,
): Promise<void> {
  const token = await addTokenDevice(home, id);
  const client = await connectToken(t, broker, id, token);
  client.destroy();
}

/** The refusal log records carrying `reason`. */
export function refusals(broker: TestBroker, reason: string): unknown[] {
  return broker.records.filter((r) => r.msg === 'connection refused' && r['reason'] === reason);
}
