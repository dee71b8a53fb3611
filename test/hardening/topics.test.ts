import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { addTokenDevice, assertStillServing, connectToken, subscribe } from './fixtures.js';
import { encodePublish, type RawClient, readPuback } from './raw-client.js';

const INVALID_UTF8 = Buffer.from([0xc3, 0x28]);
const REPLACEMENT = Buffer.from('\uFFFD', 'utf8');

const WATCHER_POLICY = `
policies:
  device:
    publish: ['devices/{device}/#']
    subscribe: ['devices/{device}/#']
  watcher:
    subscribe: ['devices/d1/#']
`;

interface Scene {
  home: TestHome;
  broker: TestBroker;
  publisher: RawClient;
  subscriber: RawClient;
}

/** d1 publishes; d1-watch, a watcher of d1's subtree, listens on `devices/d1/#`. */
async function scene(t: TestContext): Promise<Scene> {
  const home = await createTestHome(t, WATCHER_POLICY);
  const token = await addTokenDevice(home, 'd1');
  const watchToken = await addTokenDevice(home, 'd1-watch', { role: 'watcher' });
  const broker = await startTestBroker(t, home);
  const subscriber = await connectToken(t, broker, 'd1-watch', watchToken);
  assert.deepEqual(await subscribe(subscriber, 1, [{ filter: 'devices/d1/#', qos: 1 }]), [1]);
  const publisher = await connectToken(t, broker, 'd1', token);
  return { home, broker, publisher, subscriber };
}

/**
 * Publishes a valid QoS 1 marker and waits until the subscriber holds it: everything sent
 * before it has then had its chance to be delivered.
 */
async function settle(s: Scene, packetId: number): Promise<string[]> {
  await s.publisher.write(
    encodePublish({ topic: 'devices/d1/marker', payload: 'end', qos: 1, packetId }),
  );
  assert.equal(await readPuback(s.publisher), packetId);
  const topics: string[] = [];
  const deadline = Date.now() + 3000;
  while (!topics.includes('devices/d1/marker') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    topics.push(...s.subscriber.takePublishes().map((p) => p.topic.toString('latin1')));
  }
  return topics;
}

const badTopics: [string, Buffer][] = [
  ['a NUL', Buffer.from('devices/d1/a\u0000b')],
  ['invalid UTF-8', Buffer.concat([Buffer.from('devices/d1/'), INVALID_UTF8])],
  ['a literal U+FFFD', Buffer.concat([Buffer.from('devices/d1/'), REPLACEMENT])],
  ['a control character', Buffer.from('devices/d1/a\u0007b')],
];

test('drops publishes whose topic holds a NUL, invalid UTF-8 or U+FFFD', async (t) => {
  const s = await scene(t);

  let packetId = 1;
  for (const [name, topic] of badTopics) {
    for (const qos of [0, 1] as const) {
      const id = packetId++;
      await s.publisher.write(encodePublish({ topic, payload: name, qos, packetId: id }));
      if (qos === 1) assert.equal(await readPuback(s.publisher), id, `${name} acknowledged`);
    }
  }
  const delivered = await settle(s, 100);

  assert.deepEqual(delivered, ['devices/d1/marker']);
  assert.equal(s.broker.broker.metrics.publishesDenied, badTopics.length * 2);
});

test('never retains a publish whose topic holds a NUL or invalid UTF-8', async (t) => {
  const s = await scene(t);

  let packetId = 1;
  for (const [name, topic] of badTopics) {
    const id = packetId++;
    await s.publisher.write(
      encodePublish({ topic, payload: name, qos: 1, retain: true, packetId: id }),
    );
    assert.equal(await readPuback(s.publisher), id);
  }
  await s.publisher.write(
    encodePublish({ topic: 'devices/d1/kept', payload: 'ok', qos: 1, retain: true, packetId: 50 }),
  );
  assert.equal(await readPuback(s.publisher), 50);

  const token = (await s.home.fleet.mintToken({ deviceId: 'd1', ttlSeconds: 600 })).token;
  s.publisher.destroy();
  const late = await connectToken(t, s.broker, 'd1', token);
  assert.deepEqual(await subscribe(late, 1, [{ filter: 'devices/d1/#', qos: 0 }]), [0]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const retained = late.takePublishes();
  assert.deepEqual(
    retained.map((p) => [p.topic.toString('latin1'), p.retain]),
    [['devices/d1/kept', true]],
  );
});

test('refuses subscribe filters holding a NUL, invalid UTF-8 or U+FFFD with 0x80', async (t) => {
  const s = await scene(t);
  const filters = [
    Buffer.from('devices/d1/\u0000'),
    Buffer.concat([Buffer.from('devices/d1/'), INVALID_UTF8]),
    Buffer.concat([Buffer.from('devices/d1/'), INVALID_UTF8, Buffer.from('/#')]),
    Buffer.concat([Buffer.from('devices/d1/'), REPLACEMENT]),
    Buffer.from('devices/d1/ok'),
  ];

  const granted = await subscribe(
    s.publisher,
    7,
    filters.map((filter) => ({ filter, qos: 0 })),
  );

  assert.deepEqual(granted, [0x80, 0x80, 0x80, 0x80, 0]);
});

test('never grants a filter with a wildcard inside a level, like a+/b', async (t) => {
  const s = await scene(t);
  const token = (await s.home.fleet.mintToken({ deviceId: 'd1', ttlSeconds: 600 })).token;
  const filters = [
    'a+/b',
    'devices/d1/a+/b',
    'devices/d1/+a',
    '+a/#',
    'devices/d1/a#',
    'devices/d1/#/x',
    'devices/d1+/#',
  ];

  // aedes closes the connection on some of these itself; the rest reach Warden's hook.
  for (const filter of filters) {
    const client = await connectToken(t, s.broker, 'd1', token);
    const granted = await subscribe(client, 1, [{ filter, qos: 0 }]);
    if (granted !== 'closed') assert.deepEqual(granted, [0x80], filter);
    client.destroy();
  }
  // These two pass aedes' own check (measured), so only Warden stands between them and a grant.
  const siblings = await subscribe(s.subscriber, 9, [
    { filter: 'a+/b' },
    { filter: 'devices/d1/+a' },
    { filter: 'devices/d1/+/b' },
  ]);
  assert.deepEqual(siblings, [0x80, 0x80, 0], 'a bad filter does not spoil its siblings');
});

test('closes a QoS 1 or 2 PUBLISH with packet id 0 without delivering it', async (t) => {
  for (const qos of [1, 2] as const) {
    const s = await scene(t);

    await s.publisher.write(
      encodePublish({ topic: 'devices/d1/zero', payload: 'x', qos, packetId: 0 }),
    );

    assert.ok(await s.publisher.waitClosed(), `QoS ${qos}: connection closed`);
    const token = (await s.home.fleet.mintToken({ deviceId: 'd1', ttlSeconds: 600 })).token;
    s.publisher = await connectToken(t, s.broker, 'd1', token);
    assert.deepEqual(await settle(s, 1), ['devices/d1/marker'], `QoS ${qos}: not delivered`);
    await assertStillServing(t, s.home, s.broker);
  }
});

test('closes a PUBLISH or a SUBSCRIBE asking for QoS 3, delivering nothing', async (t) => {
  const s = await scene(t);
  const token = (await s.home.fleet.mintToken({ deviceId: 'd1', ttlSeconds: 600 })).token;
  const publishQos3 = encodePublish({ topic: 'devices/d1/q3', payload: 'x', qos: 1, packetId: 1 });
  publishQos3[0] = 0x36; // PUBLISH with both QoS bits set [MQTT-3.3.1-4]

  await s.publisher.write(publishQos3);
  assert.ok(await s.publisher.waitClosed(), 'PUBLISH QoS 3 closes');

  const subscriber = await connectToken(t, s.broker, 'd1', token);
  const granted = await subscribe(subscriber, 2, [{ filter: 'devices/d1/q3', qos: 3 }]);
  assert.ok(
    granted === 'closed' || (Array.isArray(granted) && granted[0] === 0x80),
    `QoS 3: ${granted}`,
  );

  s.publisher = await connectToken(t, s.broker, 'd1', token);
  assert.deepEqual(await settle(s, 3), ['devices/d1/marker']);
});
