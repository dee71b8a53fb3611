import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { addTokenDevice, assertStillServing, refusals, sendConnect } from './fixtures.js';

const INVALID_UTF8 = [0xc3, 0x28];
const PASSWORD_FLAG = 0x40;

test('refuses a zero-length client id with return code 2, clean session or not', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);

  for (const clean of [false, true]) {
    const { client, answer } = await sendConnect(t, broker, {
      clientId: '',
      clean,
      username: '',
      password: token,
    });
    assert.equal(answer, 2, `clean ${clean}`);
    assert.ok(await client.waitClosed(), 'closed after the refusal');
  }
  assert.equal(refusals(broker, 'ERR_AUTH_CLIENT_ID_MISMATCH').length, 2);
  assert.equal(broker.broker.connectionCount(), 0);
});

test('never accepts a password without a user name', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);

  const { client, answer } = await sendConnect(t, broker, { clientId: 'd1', password: token });
  assert.ok(answer === 4 || answer === 'closed', `answer ${answer}`);
  assert.ok(await client.waitClosed());
  assert.equal(broker.broker.connectionCount(), 0);
  await assertStillServing(t, home, broker);
});

test('never accepts a password flag whose password field is missing', async (t) => {
  const home = await createTestHome(t);
  await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);

  const { client, answer } = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    extraFlags: PASSWORD_FLAG,
  });
  assert.ok(answer === 4 || answer === 'closed', `answer ${answer}`);
  assert.ok(await client.waitClosed());
  assert.equal(broker.broker.connectionCount(), 0);
});

test('refuses a will of QoS 3', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);

  const { client, answer } = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    password: token,
    will: { topic: 'devices/d1/status', payload: 'gone', qos: 3 },
  });
  assert.ok(answer === 4 || answer === 'closed', `answer ${answer}`);
  assert.ok(await client.waitClosed());
  assert.equal(broker.broker.connectionCount(), 0);
  await assertStillServing(t, home, broker);
});

test('refuses a will topic holding a wildcard, a NUL or invalid UTF-8', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);
  const cases: [string, string | Uint8Array][] = [
    ['plus', 'devices/d1/+'],
    ['hash', 'devices/d1/#'],
    ['plus inside a level', 'devices/d1/a+b'],
    ['NUL', 'devices/d1/a\u0000b'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('devices/d1/'), Buffer.from(INVALID_UTF8)])],
  ];

  for (const [name, topic] of cases) {
    const { client, answer } = await sendConnect(t, broker, {
      clientId: 'd1',
      username: 'd1',
      password: token,
      will: { topic, payload: 'gone', qos: 1 },
    });
    assert.ok(answer === 4 || answer === 'closed', `${name}: answer ${answer}`);
    assert.ok(await client.waitClosed(), `${name}: closed`);
  }
  assert.equal(broker.broker.connectionCount(), 0);
  assert.equal(broker.broker.metrics.connectsAccepted, 0);
});

test('refuses a will whose topic the policy denies, with return code 5', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);

  for (const topic of ['devices/d2/status', '$SYS/fake/status']) {
    const { client, answer } = await sendConnect(t, broker, {
      clientId: 'd1',
      username: 'd1',
      password: token,
      will: { topic, payload: 'gone', qos: 0 },
    });
    assert.equal(answer, 5, topic);
    assert.ok(await client.waitClosed());
  }
  assert.equal(refusals(broker, 'ERR_AUTH_WILL_DENIED').length, 2);

  const allowed = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    password: token,
    will: { topic: 'devices/d1/status', payload: 'gone', qos: 1 },
  });
  assert.equal(allowed.answer, 0, 'a will inside the grants is accepted');
});

test('never answers with CONNACK 6, a code MQTT 3.1.1 does not define', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);

  for (const keepaliveSeconds of [0, 1, 65535]) {
    const { client, answer } = await sendConnect(t, broker, {
      clientId: 'd1',
      username: 'd1',
      password: token,
      keepaliveSeconds,
    });
    assert.equal(answer, 0, `keepalive ${keepaliveSeconds}`);
    client.destroy();
  }
});
