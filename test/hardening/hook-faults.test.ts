import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { addTokenDevice, assertStillServing, refusals, sendConnect } from './fixtures.js';
import { targetOf } from './raw-client.js';

const ISSUER = 'https://issuer.invalid/';

/** A loopback port that was just free and is closed now: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

async function externalToken(sub: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const nowSeconds = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub })
    .setProtectedHeader({ alg: 'ES256', kid: 'rotated-away' })
    .setIssuer(ISSUER)
    .setAudience('warden')
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 300)
    .sign(privateKey);
}

test('refuses connections with code 3 while the registry is closed, and keeps running', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  home.fleet.addDevice('c1');
  const issued = await home.fleet.issueCertificate({ deviceId: 'c1' });
  const broker = await startTestBroker(t, home);

  broker.broker.registry.close();

  const byToken = await sendConnect(t, broker, { clientId: 'd1', username: 'd1', password: token });
  assert.ok(byToken.answer === 3 || byToken.answer === 'closed', `token: ${byToken.answer}`);
  const target = targetOf(broker.mqttsUrl, {
    ca: broker.caPem,
    cert: issued.certPem,
    key: issued.keyPem ?? '',
  });
  const byCert = await sendConnect(t, broker, { clientId: 'c1' }, target);
  assert.ok(byCert.answer === 3 || byCert.answer === 'closed', `certificate: ${byCert.answer}`);
  assert.equal(broker.broker.connectionCount(), 0);
  assert.ok(refusals(broker, 'ERR_AUTH_INTERNAL').length >= 1);

  // The process still answers: a CONNECT with no credentials at all is refused in order.
  const anonymous = await sendConnect(t, broker, { clientId: 'd1' });
  assert.equal(anonymous.answer, 4);
});

test('refuses an external issuer token with code 3 when its JWKS is unreachable', async (t) => {
  const port = await closedPort();
  const yaml = `
issuers:
  - name: gone
    issuer: ${ISSUER}
    jwksUri: http://127.0.0.1:${port}/jwks
    audience: warden
    claims: [role]
`;
  const home = await createTestHome(t, yaml);
  const broker = await startTestBroker(t, home, {
    issuerKeyOptions: { cooldownMs: 0, cacheMaxAgeMs: 1000, timeoutMs: 1000 },
  });
  const token = await externalToken('svc-1');

  for (let attempt = 0; attempt < 3; attempt++) {
    const { answer } = await sendConnect(t, broker, {
      clientId: 'svc-1',
      username: 'svc-1',
      password: token,
    });
    assert.ok(answer === 3 || answer === 'closed', `attempt ${attempt}: ${answer}`);
  }
  assert.equal(broker.broker.connectionCount(), 0);
  assert.equal(refusals(broker, 'ERR_AUTH_ISSUER_UNAVAILABLE').length, 3);
  await assertStillServing(t, home, broker);
});

test('refuses an external issuer token with code 3 when its JWKS endpoint misbehaves', async (t) => {
  let mode: 'garbage' | 'not a key set' | 'status 500' | 'hang' = 'garbage';
  const server = createServer((_request, response) => {
    if (mode === 'hang') return;
    response.writeHead(mode === 'status 500' ? 500 : 200, { 'content-type': 'application/json' });
    response.end(mode === 'not a key set' ? '{"keys": "not a list"}' : '{"keys": [');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  const home = await createTestHome(
    t,
    `issuers:\n  - name: odd\n    issuer: ${ISSUER}\n    jwksUri: http://127.0.0.1:${address.port}/jwks\n`,
  );
  const broker = await startTestBroker(t, home, {
    issuerKeyOptions: { cooldownMs: 0, cacheMaxAgeMs: 1000, timeoutMs: 500 },
  });
  const token = await externalToken('svc-1');

  for (const next of ['garbage', 'not a key set', 'status 500', 'hang'] as const) {
    mode = next;
    const { answer } = await sendConnect(t, broker, {
      clientId: 'svc-1',
      username: 'svc-1',
      password: token,
    });
    assert.ok(answer === 3 || answer === 'closed', `${next}: ${answer}`);
  }
  assert.equal(refusals(broker, 'ERR_AUTH_ISSUER_UNAVAILABLE').length, 4);
  assert.equal(broker.broker.connectionCount(), 0);
  await assertStillServing(t, home, broker);
});

test('refuses a connection whose registry closes between the decision and the catch-up', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);
  const registry = broker.broker.registry;
  const getDevice = registry.getDevice.bind(registry);
  // Fault injection: while d1's token is being resolved, another process changes the registry,
  // the broker sees the change, and then the database goes away before the catch-up reads it.
  registry.getDevice = (id: string) => {
    const device = getDevice(id);
    home.fleet.addDevice('bystander');
    broker.broker.pollChanges();
    registry.close();
    return device;
  };

  const { client, answer } = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    password: token,
  });

  assert.ok(answer === 3 || answer === 'closed', `answer ${answer}`);
  assert.ok(await client.waitClosed());
  assert.equal(broker.broker.connectionCount(), 0);
  const anonymous = await sendConnect(t, broker, { clientId: 'd1' });
  assert.equal(anonymous.answer, 4, 'the process still serves');
});
