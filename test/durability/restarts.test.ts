import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subscribeGranted } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { type BrokerChild, startBrokerChild } from './broker-child.js';
import { DURABILITY_POLICY, freePort, openDevice, range, waitUntil } from './devices.js';

const DEVICES = 5;
const MESSAGES_PER_DEVICE = 600;
const PUBLISH_GAP_MS = 4;
const RESTARTS = ['SIGKILL', 'SIGTERM', 'SIGKILL'] as const;
const RESTART_EVERY_MS = 700;
const RECONNECT_MS = 100;
const DRAIN_TIMEOUT_MS = 20_000;

/**
 * Publishers with per-device sequence numbers and a persistent subscriber, all reconnecting on
 * their own (mqtt.js resends unacknowledged QoS 1 messages after a reconnect), while the broker
 * is killed or stopped and started again on the same port several times.
 *
 * Written with mqtt.js rather than the simulator: the simulator's monitor holds a clean
 * session, so what it misses while reconnecting would count as loss that is not the broker's.
 */
test('restarting the broker several times during a QoS 1 run leaves no gap in any sequence', async (t) => {
  const home = await createTestHome(t, DURABILITY_POLICY);
  const ids = range(DEVICES).map((i) => `seq-${i}`);
  for (const id of [...ids, 'sink-1']) home.fleet.addDevice(id);
  const port = await freePort();
  let broker: BrokerChild = await startBrokerChild(t, home.dir, port);
  const url = broker.mqttUrl;
  const reconnecting = { reconnectPeriod: RECONNECT_MS, clean: false, resubscribe: false };

  const sink = await openDevice(t, home, url, 'sink-1', reconnecting);
  assert.deepEqual(await subscribeGranted(sink.client, ['telemetry/+/seq'], 1), [1]);
  const publishers = await Promise.all(ids.map((id) => openDevice(t, home, url, id, reconnecting)));

  let finished = 0;
  const publishing = publishers.map(async ({ client }, index) => {
    for (const seq of range(MESSAGES_PER_DEVICE)) {
      await client.publishAsync(`telemetry/${ids[index]}/seq`, String(seq), { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_GAP_MS));
    }
    finished += 1;
  });
  for (const signal of RESTARTS) {
    await new Promise((resolve) => setTimeout(resolve, RESTART_EVERY_MS));
    assert.equal(finished, 0, 'every restart falls inside the run');
    await broker.stop(signal);
    broker = await startBrokerChild(t, home.dir, port);
  }
  await Promise.all(publishing);

  const seen = new Map(ids.map((id) => [id, new Set<number>()]));
  const tally = () => {
    for (const set of seen.values()) set.clear();
    for (const { topic, payload } of sink.received) {
      seen.get(topic.split('/')[1] ?? '')?.add(Number(payload));
    }
    return [...seen.values()].every((set) => set.size === MESSAGES_PER_DEVICE);
  };
  await waitUntil(tally, DRAIN_TIMEOUT_MS, 'every sequence number').catch(() => undefined);
  for (const [id, set] of seen) {
    const missing = range(MESSAGES_PER_DEVICE).filter((seq) => !set.has(seq));
    assert.deepEqual(missing, [], `${id} has gaps`);
  }
});
