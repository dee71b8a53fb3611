import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { makeCertificateWithSubject } from './crafted-certs.js';
import { refusals, sendConnect, subscribe } from './fixtures.js';
import {
  makeOpensslCertificate,
  type OpensslCertificate,
  registerCertificate,
} from './openssl-certs.js';
import { encodePublish, readPuback, targetOf } from './raw-client.js';

/** A CONNECT over TLS presenting `cert`; returns the CONNACK code or how the connection ended. */
async function connectWithCertificate(
  t: TestContext,
  broker: TestBroker,
  clientId: string,
  cert: OpensslCertificate,
) {
  const target = targetOf(broker.mqttsUrl, {
    ca: broker.caPem,
    cert: cert.certPem,
    key: cert.keyPem,
    // The test client must be able to offer the weak key so the broker can be seen refusing it.
    ciphers: 'DEFAULT:@SECLEVEL=0',
  });
  return sendConnect(t, broker, { clientId }, target);
}

test('refuses an RSA-1024 client certificate from the CA, registered, with code 5', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('weak');
  home.fleet.addDevice('strong');
  const weak = await makeOpensslCertificate(home, { key: 'rsa-1024', subject: '/CN=weak' });
  const strong = await makeOpensslCertificate(home, { key: 'rsa-2048', subject: '/CN=strong' });
  registerCertificate(home, 'weak', weak);
  registerCertificate(home, 'strong', strong);
  const broker = await startTestBroker(t, home);

  assert.equal((await connectWithCertificate(t, broker, 'strong', strong)).answer, 0, 'control');
  assert.equal((await connectWithCertificate(t, broker, 'weak', weak)).answer, 5);
  assert.equal(refusals(broker, 'ERR_AUTH_CERT_WEAK_KEY').length, 1);
});

test('refuses a client certificate without clientAuth, registered, with code 5', async (t) => {
  const home = await createTestHome(t);
  const usages: [string, string | null][] = [
    ['no-eku', null],
    ['server-eku', 'serverAuth'],
  ];
  const certs = new Map<string, OpensslCertificate>();
  for (const [id, usage] of usages) {
    home.fleet.addDevice(id);
    const subject = `/CN=${id}`;
    const cert = await makeOpensslCertificate(home, {
      key: 'ec-p256',
      subject,
      extendedKeyUsage: usage,
    });
    registerCertificate(home, id, cert);
    certs.set(id, cert);
  }
  const broker = await startTestBroker(t, home);

  for (const [id, cert] of certs) {
    assert.equal((await connectWithCertificate(t, broker, id, cert)).answer, 5, id);
  }
  // OpenSSL itself refuses the serverAuth-only one (INVALID_PURPOSE); only Warden catches no EKU.
  assert.equal(refusals(broker, 'ERR_AUTH_CERT_NOT_CLIENT').length, 1);
});

test('never takes the identity from the CN of an unregistered certificate', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('victim');
  const broker = await startTestBroker(t, home);
  const subjects: [string, string, string][] = [
    ['CN +', '/CN=+', '+'],
    ['CN #', '/CN=#', '#'],
    ['CN a/../b', '/CN=a\\/..\\/b', 'a/../b'],
    ['CN naming a device', '/CN=victim', 'victim'],
    ['two CNs', '/CN=victim/CN=other', 'victim'],
    ['two CNs, device last', '/CN=other/CN=victim', 'victim'],
  ];

  for (const [name, subject, clientId] of subjects) {
    const cert = await makeOpensslCertificate(home, { key: 'ec-p256', subject });
    const { answer } = await connectWithCertificate(t, broker, clientId, cert);
    assert.equal(answer, 5, name);
  }
  // openssl cannot write a NUL into a subject; these are built with the X.509 library instead.
  const withNul = [[{ CN: ['victim\u0000.evil'] }], [{ CN: ['victim'] }, { CN: ['\u0000'] }]];
  for (const subject of withNul) {
    const cert = await makeCertificateWithSubject(home, subject);
    const { answer } = await connectWithCertificate(t, broker, 'victim', cert);
    assert.equal(answer, 5, JSON.stringify(subject));
  }
  const unknown = refusals(broker, 'ERR_AUTH_CERT_UNKNOWN');
  assert.equal(unknown.length, subjects.length + withNul.length);
  assert.equal(broker.broker.metrics.connectsAccepted, 0);
});

test('takes the identity from the registry entry, whatever the CN says', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('real-id');
  home.fleet.addDevice('other-id');
  const cert = await makeOpensslCertificate(home, {
    key: 'ec-p256',
    subject: '/CN=other-id/CN=devices\\/other-id\\/#',
  });
  registerCertificate(home, 'real-id', cert);
  const broker = await startTestBroker(t, home);

  assert.equal((await connectWithCertificate(t, broker, 'other-id', cert)).answer, 2);

  const { client, answer } = await connectWithCertificate(t, broker, 'real-id', cert);
  assert.equal(answer, 0);
  const granted = await subscribe(client, 1, [
    { filter: 'devices/real-id/#' },
    { filter: 'devices/other-id/#' },
  ]);
  assert.deepEqual(granted, [0, 0x80]);
  await client.write(encodePublish({ topic: 'devices/other-id/x', qos: 1, packetId: 2 }));
  assert.equal(await readPuback(client), 2);
  assert.equal(broker.broker.metrics.publishesDenied, 1);
  const authenticated = broker.records.filter((r) => r.msg === 'connection authenticated');
  assert.deepEqual(
    authenticated.map((r) => r['clientId']),
    ['real-id'],
  );
});
