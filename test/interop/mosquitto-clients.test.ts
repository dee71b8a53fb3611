import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import {
  type Credentials,
  certificateCredentials,
  type ExitResult,
  INSTALL_HINT,
  type Listener,
  plainListener,
  publish,
  publishUntilReceived,
  requireMosquittoClients,
  subscribe,
  tlsListener,
  tokenCredentials,
} from './mosquitto.js';

// A watcher may read every device's subtree, so one mosquitto_sub can see what another device
// publishes; devices keep the default grants.
const POLICY = `
policies:
  device:
    publish: ['devices/{device}/#']
    subscribe: ['devices/{device}/#']
  watcher:
    subscribe: ['devices/+/#']
`;

interface Stage {
  home: TestHome;
  broker: TestBroker;
  tls: Listener;
  watcher: Credentials;
}

async function stage(t: TestContext): Promise<Stage> {
  requireMosquittoClients();
  const home = await createTestHome(t, POLICY);
  home.fleet.addDevice('watch', { role: 'watcher' });
  const issued = await home.fleet.issueCertificate({ deviceId: 'watch' });
  const broker = await startTestBroker(t, home);
  const watcher = certificateCredentials(home, 'watch', issued);
  return { home, broker, tls: tlsListener(home, broker), watcher };
}

/** Subscribes the watcher to `filter`, publishes until it has one message, returns its lines. */
async function receiveOne(
  t: TestContext,
  s: Stage,
  filter: string,
  send: () => Promise<ExitResult[]>,
) {
  const subscriber = subscribe(t, s.tls, s.watcher, filter, { count: 1, timeoutSeconds: 10 });
  const published = await publishUntilReceived(subscriber, send);
  const received = await subscriber.exited;
  return { published, received, lines: received.stdout.split('\n').filter((l) => l !== '') };
}

test('the mosquitto clients are installed', () => {
  const clients = requireMosquittoClients();
  assert.ok(clients.pub.endsWith('mosquitto_pub'), INSTALL_HINT);
});

test('a certificate device publishes with mosquitto_pub and mosquitto_sub receives it', async (t) => {
  const s = await stage(t);
  s.home.fleet.addDevice('dev-1');
  const issued = await s.home.fleet.issueCertificate({ deviceId: 'dev-1' });
  const device = certificateCredentials(s.home, 'dev-1', issued);
  const keyFile = join(s.home.dir, 'interop', 'dev-1.key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'key file mode');

  const { published, received, lines } = await receiveOne(t, s, 'devices/dev-1/#', async () => [
    await publish(s.tls, device, 'devices/dev-1/x', 'hi'),
  ]);

  assert.ok(
    published.every((r) => r.code === 0),
    published.map((r) => r.stderr).join(''),
  );
  assert.equal(received.code, 0, received.stderr);
  assert.deepEqual(lines, ['devices/dev-1/x hi']);
});

test('a token device publishes with mosquitto_pub -u -P, over TLS and over loopback', async (t) => {
  const s = await stage(t);
  s.home.fleet.addDevice('tok-1');
  const { token } = await s.home.fleet.mintToken({ deviceId: 'tok-1', ttlSeconds: 600 });
  const device = tokenCredentials('tok-1', token);

  for (const [name, listener] of [
    ['tls', s.tls],
    ['plain', plainListener(s.broker)],
  ] as const) {
    const topic = `devices/tok-1/${name}`;
    const { published, received, lines } = await receiveOne(t, s, topic, async () => [
      await publish(listener, device, topic, `via ${name}`),
    ]);
    assert.ok(
      published.every((r) => r.code === 0),
      published.map((r) => r.stderr).join(''),
    );
    assert.equal(received.code, 0, received.stderr);
    assert.deepEqual(lines, [`${topic} via ${name}`]);
  }
});

test("a publish to another device's topic is never received", async (t) => {
  const s = await stage(t);
  s.home.fleet.addDevice('dev-a');
  s.home.fleet.addDevice('dev-b');
  const issued = await s.home.fleet.issueCertificate({ deviceId: 'dev-a' });
  const deviceA = certificateCredentials(s.home, 'dev-a', issued);

  // Each round sends the denied publish first, so the one line received must be the allowed one.
  const { received, lines } = await receiveOne(t, s, 'devices/+/x', async () => [
    await publish(s.tls, deviceA, 'devices/dev-b/x', 'denied'),
    await publish(s.tls, deviceA, 'devices/dev-a/x', 'allowed'),
  ]);

  assert.equal(received.code, 0, received.stderr);
  assert.deepEqual(lines, ['devices/dev-a/x allowed']);
  assert.ok(s.broker.broker.metrics.publishesDenied >= 1);
});

test('a revoked certificate is refused: mosquitto_pub exits non-zero', async (t) => {
  const s = await stage(t);
  s.home.fleet.addDevice('dev-r');
  const issued = await s.home.fleet.issueCertificate({ deviceId: 'dev-r' });
  const device = certificateCredentials(s.home, 'dev-r', issued);

  const before = await publish(s.tls, device, 'devices/dev-r/x', 'before');
  assert.equal(before.code, 0, `accepted before revocation: ${before.stderr}`);

  s.home.fleet.revokeCertificate(issued.serial);
  const after = await publish(s.tls, device, 'devices/dev-r/x', 'after');

  assert.notEqual(after.code, 0);
  assert.match(after.stderr, /not authori[sz]ed/i);
});
