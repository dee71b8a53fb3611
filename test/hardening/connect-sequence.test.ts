import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { addTokenDevice, connectToken, openRaw, subscribe } from './fixtures.js';
import {
  encodeConnect,
  encodePublish,
  type RawClient,
  readConnack,
  readPuback,
} from './raw-client.js';

const POLICY = `
policies:
  device:
    publish: ['devices/{device}/#']
    subscribe: ['devices/{device}/#']
  watcher:
    subscribe: ['devices/+/#']
`;

async function stage(t: TestContext) {
  const home = await createTestHome(t, POLICY);
  const tokens = {
    d1: await addTokenDevice(home, 'd1'),
    d2: await addTokenDevice(home, 'd2'),
    watch: await addTokenDevice(home, 'watch', { role: 'watcher' }),
  };
  const broker = await startTestBroker(t, home);
  const watcher = await connectToken(t, broker, 'watch', tokens.watch);
  assert.deepEqual(await subscribe(watcher, 1, [{ filter: 'devices/+/#', qos: 1 }]), [1]);
  return { home, broker, tokens, watcher };
}

/** Topics and payloads the watcher holds once a d2 marker published after them arrived. */
async function deliveredBefore(
  t: TestContext,
  broker: TestBroker,
  token: string,
  watcher: RawClient,
) {
  const marker = await connectToken(t, broker, 'd2', token);
  await marker.write(encodePublish({ topic: 'devices/d2/marker', qos: 1, packetId: 1 }));
  assert.equal(await readPuback(marker), 1);
  const seen: string[] = [];
  const deadline = Date.now() + 3000;
  while (!seen.includes('devices/d2/marker ') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const p of watcher.takePublishes()) seen.push(`${p.topic} ${p.payload}`);
  }
  return seen.filter((line) => line !== 'devices/d2/marker ');
}

test('closes a connection whose first packet is not a CONNECT', async (t) => {
  const { broker, tokens, watcher } = await stage(t);

  const client = await openRaw(t, broker);
  await client.write(
    encodePublish({ topic: 'devices/d1/early', payload: 'x', qos: 1, packetId: 1 }),
  );

  assert.equal(await client.next(), 'closed');
  assert.deepEqual(await deliveredBefore(t, broker, tokens.d2, watcher), []);
});

test('closes a connection on a second CONNECT, never switching its identity', async (t) => {
  const { broker, tokens, watcher } = await stage(t);
  const client = await connectToken(t, broker, 'd1', tokens.d1);

  await client.write(
    Buffer.concat([
      encodeConnect({ clientId: 'd2' }),
      encodePublish({ topic: 'devices/d2/hijack', payload: 'x', qos: 1, packetId: 2 }),
    ]),
  );

  assert.equal(await client.next(), 'closed'); // [MQTT-3.1.0-2]
  assert.deepEqual(await deliveredBefore(t, broker, tokens.d2, watcher), []);
});

test('judges packets pipelined behind the CONNECT under the identity it proves', async (t) => {
  const { broker, tokens, watcher } = await stage(t);

  const accepted = await openRaw(t, broker);
  await accepted.write(
    Buffer.concat([
      encodeConnect({ clientId: 'd1', username: 'd1', password: tokens.d1 }),
      encodePublish({ topic: 'devices/d2/foreign', payload: 'x', qos: 1, packetId: 3 }),
      encodePublish({ topic: 'devices/d1/own', payload: 'ok', qos: 1, packetId: 4 }),
    ]),
  );
  assert.equal(await readConnack(accepted), 0);
  assert.equal(await readPuback(accepted), 3, 'the denied publish is dropped but acknowledged');
  assert.equal(await readPuback(accepted), 4);

  const refused = await openRaw(t, broker);
  await refused.write(
    Buffer.concat([
      encodeConnect({ clientId: 'd1', username: 'd1', password: 'not.a.token' }),
      encodePublish({ topic: 'devices/d1/behind-refusal', payload: 'x', qos: 1, packetId: 5 }),
    ]),
  );
  assert.equal(await readConnack(refused), 4);
  assert.equal(await refused.next(), 'closed');

  assert.deepEqual(await deliveredBefore(t, broker, tokens.d2, watcher), ['devices/d1/own ok']);
});
