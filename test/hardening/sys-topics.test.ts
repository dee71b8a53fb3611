import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { addTokenDevice, connectToken, subscribe } from './fixtures.js';
import { encodePublish, readPuback } from './raw-client.js';

// A role that may subscribe to everything: the widest grant there is, so no `$SYS` message can
// be kept away by the policy's own filters, only by [MQTT-4.7.2-1] and Warden's delivery check.
const OBSERVER_POLICY = `
policies:
  device:
    publish: ['devices/{device}/#']
    subscribe: ['devices/{device}/#']
  observer:
    subscribe: ['#', '+/#']
`;

test('refuses $SYS subscriptions with 0x80, even to a role granted #', async (t) => {
  const home = await createTestHome(t, OBSERVER_POLICY);
  const token = await addTokenDevice(home, 'watcher', { role: 'observer' });
  const broker = await startTestBroker(t, home);
  const client = await connectToken(t, broker, 'watcher', token);

  const granted = await subscribe(client, 1, [
    { filter: '$SYS/#' },
    { filter: '$SYS/+/new/clients' },
    { filter: '$warden/denied' },
    { filter: '#' },
  ]);

  assert.deepEqual(granted, [0x80, 0x80, 0x80, 0]);
});

test('never delivers $SYS topics to a # subscriber while clients come and go', async (t) => {
  const home = await createTestHome(t, OBSERVER_POLICY);
  const watcherToken = await addTokenDevice(home, 'watcher', { role: 'observer' });
  const deviceToken = await addTokenDevice(home, 'd2');
  const broker = await startTestBroker(t, home);
  const watcher = await connectToken(t, broker, 'watcher', watcherToken);
  assert.deepEqual(
    await subscribe(watcher, 1, [
      { filter: '#', qos: 1 },
      { filter: '+/#', qos: 1 },
    ]),
    [1, 1],
  );

  for (let round = 1; round <= 3; round++) {
    const device = await connectToken(t, broker, 'd2', deviceToken);
    await device.write(
      encodePublish({ topic: 'devices/d2/up', payload: `${round}`, qos: 1, packetId: round }),
    );
    assert.equal(await readPuback(device), round);
    device.destroy();
    await device.waitClosed();
  }
  // A denied publish goes to Warden's sink topic; that must not surface either.
  const device = await connectToken(t, broker, 'd2', deviceToken);
  await device.write(encodePublish({ topic: 'devices/d3/up', payload: 'x', qos: 1, packetId: 9 }));
  assert.equal(await readPuback(device), 9);
  await new Promise((resolve) => setTimeout(resolve, 300));

  const topics = watcher.takePublishes().map((p) => p.topic.toString('utf8'));
  assert.ok(topics.filter((topic) => topic === 'devices/d2/up').length >= 3, `got ${topics}`);
  assert.deepEqual(
    topics.filter((topic) => topic.startsWith('$')),
    [],
  );
});
