import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  collectMessages,
  connect,
  connectOk,
  isRefusal,
  startTestBroker,
  subscribeGranted,
  tokenOptions,
} from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';

const POLICIES = [
  'policies:',
  '  device:',
  "    publish: ['devices/{device}/#']",
  "    subscribe: ['devices/{device}/#']",
  '  commander:',
  "    publish: ['devices/+/commands/#']",
  "    subscribe: ['devices/+/telemetry/#']",
  '  gateway:',
  "    publish: ['sites/{site}/+/telemetry/#']",
  "    subscribe: ['sites/{site}/+/commands/#']",
  '    deny:',
  "      publish: ['sites/{site}/+/telemetry/firmware']",
].join('\n');

async function tokenFor(home: TestHome, id: string, claims?: Record<string, string>) {
  home.fleet.addDevice(id, claims);
  return (await home.fleet.mintToken({ deviceId: id })).token;
}

test('wildcard subscriptions that would widen access are refused one by one', async (t) => {
  const home = await createTestHome(t, POLICIES);
  const token = await tokenFor(home, 'gw-1', { role: 'gateway', site: 'north' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);
  const client = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'gw-1', token));

  const cases: [string, number][] = [
    ['sites/north/+/commands/#', 0],
    ['sites/north/pump-1/commands/reboot', 0],
    ['sites/north/#', 128],
    ['sites/+/+/commands/#', 128],
    ['sites/north/+/#', 128],
    ['#', 128],
    ['+/north/+/commands/#', 128],
    ['$SYS/#', 128],
  ];
  const granted = await subscribeGranted(
    client,
    cases.map(([filter]) => filter),
  );
  assert.deepEqual(
    granted,
    cases.map(([, code]) => code),
  );
});

test('a gateway publishes within its site, never to the denied firmware topic', async (t) => {
  const home = await createTestHome(t, POLICIES);
  const gateway = await tokenFor(home, 'gw-1', { role: 'gateway', site: 'north' });
  const { mqttsUrl, caPem, broker } = await startTestBroker(t, home);
  const sub = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'gw-1', gateway));
  await sub.subscribeAsync('sites/north/+/commands/#');
  await sub.publishAsync('sites/north/pump/telemetry/flow', '1', { qos: 1 });
  await sub.publishAsync('sites/north/pump/telemetry/firmware', 'evil', { qos: 1 });
  await sub.publishAsync('sites/south/pump/telemetry/flow', '1', { qos: 1 });
  assert.equal(broker.metrics.publishesDenied, 2);
});

test('a denied filter in a persistent session leaks no queued message after reconnect', async (t) => {
  const home = await createTestHome(t, POLICIES);
  const device = await tokenFor(home, 'dev-a');
  const commander = await tokenFor(home, 'ops', { role: 'commander' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);

  const persistent = { ...tokenOptions(caPem, 'dev-a', device), clean: false };
  const first = await connectOk(t, mqttsUrl, persistent);
  const granted = await subscribeGranted(
    first,
    ['devices/dev-a/commands/#', 'devices/+/commands/#'],
    1,
  );
  assert.deepEqual(granted, [1, 128]);
  await first.endAsync();

  const ops = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'ops', commander));
  await ops.publishAsync('devices/dev-a/commands/reboot', 'mine', { qos: 1 });
  await ops.publishAsync('devices/dev-b/commands/reboot', 'not mine', { qos: 1 });

  const second = await connectOk(t, mqttsUrl, persistent);
  const seen = await collectMessages(second, 500);
  assert.deepEqual(
    seen.map((m) => [m.topic, m.payload]),
    [['devices/dev-a/commands/reboot', 'mine']],
  );
});

test('refuses a CONNECT whose will topic the policy denies; an allowed will fires', async (t) => {
  const home = await createTestHome(t, POLICIES);
  const device = await tokenFor(home, 'dev-w');
  const commander = await tokenFor(home, 'ops', { role: 'commander' });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);

  const denied = await connect(t, mqttsUrl, {
    ...tokenOptions(caPem, 'dev-w', device),
    will: {
      topic: 'devices/other/telemetry/gone',
      payload: Buffer.from('x'),
      qos: 1,
      retain: false,
    },
  });
  assert.ok(isRefusal(denied));
  assert.equal(denied.code, 5);

  const ops = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'ops', commander));
  await ops.subscribeAsync('devices/+/telemetry/#');
  const seen = collectMessages(ops, 600);
  const willing = await connectOk(t, mqttsUrl, {
    ...tokenOptions(caPem, 'dev-w', device),
    will: {
      topic: 'devices/dev-w/telemetry/gone',
      payload: Buffer.from('bye'),
      qos: 1,
      retain: false,
    },
  });
  willing.stream.destroy();
  assert.deepEqual(
    (await seen).map((m) => [m.topic, m.payload]),
    [['devices/dev-w/telemetry/gone', 'bye']],
  );
});

test('a denied retained publish is neither delivered nor retained', async (t) => {
  const home = await createTestHome(t, POLICIES);
  const a = await tokenFor(home, 'dev-a');
  const b = await tokenFor(home, 'dev-b');
  const { mqttsUrl, caPem, broker } = await startTestBroker(t, home);

  const attacker = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'dev-a', a));
  await attacker.publishAsync('devices/dev-b/commands/unlock', 'forged', { qos: 1, retain: true });
  await attacker.publishAsync('devices/dev-a/state', 'kept', { qos: 1, retain: true });
  assert.equal(broker.metrics.publishesDenied, 1);

  const victim = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'dev-b', b));
  const seen = collectMessages(victim, 400);
  await victim.subscribeAsync('devices/dev-b/#');
  assert.deepEqual(await seen, []);
  const owner = collectMessages(attacker, 400);
  await attacker.subscribeAsync('devices/dev-a/#');
  assert.deepEqual(
    (await owner).map((m) => [m.topic, m.payload, m.retain]),
    [['devices/dev-a/state', 'kept', true]],
  );
});
