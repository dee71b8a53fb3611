import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { exportJWK, exportSPKI, SignJWT } from 'jose';
import {
  collectMessages,
  connect,
  connectOk,
  isRefusal,
  startTestBroker,
  tokenOptions,
} from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import {
  b64url,
  ecKeyPair,
  nowSeconds,
  signWithBrokerKey,
  standardClaims,
} from '../helpers/tokens.js';

test('a token device publishes and receives within its grants over TLS and plain loopback', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('meter-1');
  home.fleet.addDevice('meter-2');
  const { token } = await home.fleet.mintToken({ deviceId: 'meter-1' });
  const { token: token2 } = await home.fleet.mintToken({ deviceId: 'meter-2' });
  const { mqttsUrl, mqttUrl, caPem } = await startTestBroker(t, home);

  const tls = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'meter-1', token));
  const plain = await connectOk(t, mqttUrl, {
    clientId: 'meter-2',
    username: '',
    password: token2,
  });
  await tls.subscribeAsync('devices/meter-1/#');
  await plain.subscribeAsync('devices/meter-2/#');
  const seenTls = collectMessages(tls, 300);
  const seenPlain = collectMessages(plain, 300);
  await tls.publishAsync('devices/meter-1/state', 'on', { qos: 1 });
  await plain.publishAsync('devices/meter-2/state', 'off', { qos: 1 });
  assert.deepEqual(
    (await seenTls).map((m) => [m.topic, m.payload]),
    [['devices/meter-1/state', 'on']],
  );
  assert.deepEqual(
    (await seenPlain).map((m) => [m.topic, m.payload]),
    [['devices/meter-2/state', 'off']],
  );
});

test('refuses each kind of bad token with return code 4, or 2 for another subject', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('meter-1');
  home.fleet.addDevice('meter-2');
  const { config } = home;
  const { token: good } = await home.fleet.mintToken({ deviceId: 'meter-1' });
  const [header, payload, signature] = good.split('.') as [string, string, string];
  const claims = standardClaims(config, 'meter-1');
  const publicPem = await exportSPKI(
    (await import('node:crypto')).createPublicKey(readFileSync(config.paths.tokenKey, 'utf8')),
  );
  const hmacHeader = b64url({ alg: 'HS256', typ: 'JWT' });
  const hmacBody = b64url(claims);
  const hmacSig = createHmac('sha256', publicPem)
    .update(`${hmacHeader}.${hmacBody}`)
    .digest('base64url');
  const forgedPayload = b64url({ ...claims, sub: 'meter-1', role: 'admin' });

  const cases: [string, string, string, number][] = [
    ['tampered payload', 'meter-1', `${header}.${forgedPayload}.${signature}`, 4],
    ['alg none', 'meter-1', `${b64url({ alg: 'none' })}.${payload}.`, 4],
    ['HS256 keyed with the public key', 'meter-1', `${hmacHeader}.${hmacBody}.${hmacSig}`, 4],
    [
      'expired',
      'meter-1',
      await signWithBrokerKey(config, {
        ...claims,
        iat: nowSeconds() - 700,
        exp: nowSeconds() - 100,
      }),
      4,
    ],
    [
      'wrong audience',
      'meter-1',
      await signWithBrokerKey(config, { ...claims, aud: 'someone-else' }),
      4,
    ],
    ['no exp', 'meter-1', await signWithBrokerKey(config, { ...claims, exp: undefined }), 4],
    [
      'lifetime beyond the maximum',
      'meter-1',
      await signWithBrokerKey(config, { ...claims, exp: nowSeconds() + 90_000 }),
      4,
    ],
    [
      'signed by an unknown key',
      'meter-1',
      await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(ecKeyPair().privateKey),
      4,
    ],
    [
      'token of another subject',
      'meter-1',
      (await home.fleet.mintToken({ deviceId: 'meter-2' })).token,
      2,
    ],
    ['garbage', 'meter-1', 'not-a-token', 4],
  ];
  const { mqttsUrl, caPem, records } = await startTestBroker(t, home);
  for (const [name, clientId, token, code] of cases) {
    const result = await connect(t, mqttsUrl, tokenOptions(caPem, clientId, token));
    assert.ok(isRefusal(result), `${name} must be refused`);
    assert.equal(result.code, code, name);
  }
  const logged = JSON.stringify(records);
  assert.ok(!logged.includes(signature), 'no token reaches the log');
});

test('refuses anonymous clients and tokens of disabled or unknown devices', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('meter-1');
  const { token } = await home.fleet.mintToken({ deviceId: 'meter-1' });
  home.fleet.disableDevice('meter-1');
  const { mqttsUrl, caPem } = await startTestBroker(t, home);

  const anonymous = await connect(t, mqttsUrl, { clientId: 'meter-1', ca: caPem });
  assert.ok(isRefusal(anonymous));
  assert.equal(anonymous.code, 4);
  const disabled = await connect(t, mqttsUrl, tokenOptions(caPem, 'meter-1', token));
  assert.ok(isRefusal(disabled));
  assert.equal(disabled.code, 5);
});

test('accepts a token signed by a key registered for the device, until the key is removed', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('tracker-9');
  const { privateKey, publicKey } = ecKeyPair();
  const key = await home.fleet.addKey({ deviceId: 'tracker-9', jwk: await exportJWK(publicKey) });
  const { mqttsUrl, caPem } = await startTestBroker(t, home);
  const sign = () =>
    new SignJWT({ ...standardClaims(home.config, 'tracker-9'), iss: 'tracker-9' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(privateKey);

  const client = await connectOk(t, mqttsUrl, tokenOptions(caPem, 'tracker-9', await sign()));
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  home.fleet.removeKey('tracker-9', key.kid);
  await closed;
  const again = await connect(t, mqttsUrl, tokenOptions(caPem, 'tracker-9', await sign()));
  assert.ok(isRefusal(again));
  assert.equal(again.code, 4);
});
