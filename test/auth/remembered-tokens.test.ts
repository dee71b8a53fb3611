import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportSPKI, SignJWT } from 'jose';
import {
  type Authenticator,
  type ConnectAttempt,
  createAuthenticator,
  loadBrokerTokenKey,
} from '../../src/auth/index.js';
import { openRegistry } from '../../src/registry/index.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { ecKeyPair } from '../helpers/tokens.js';

/** An authenticator on the test home whose clock the test moves. */
async function authenticatorAt(t: Parameters<typeof createTestHome>[0], home: TestHome) {
  const clock = { now: new Date() };
  const registry = openRegistry(home.config.paths.database);
  t.after(() => registry.close());
  const authenticator = createAuthenticator({
    config: home.config,
    registry,
    brokerKey: await loadBrokerTokenKey(home.config.paths.tokenKey),
    now: () => clock.now,
  });
  return { clock, authenticator };
}

function attempt(clientId: string, token: string): ConnectAttempt {
  return {
    clientId,
    username: clientId,
    password: Buffer.from(token),
    peerCertificate: undefined,
    peerVerified: false,
    peerVerifyError: undefined,
  };
}

async function outcome(authenticator: Authenticator, clientId: string, token: string) {
  const result = await authenticator.authenticate(attempt(clientId, token));
  return result.ok ? 'ok' : result.reason;
}

test('a token accepted before is refused once it expires, and after its device is disabled', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('meter-1');
  home.fleet.addDevice('meter-2');
  const { clock, authenticator } = await authenticatorAt(t, home);
  const { token, expiresAt } = await home.fleet.mintToken({ deviceId: 'meter-1', ttlSeconds: 60 });
  const { token: other } = await home.fleet.mintToken({ deviceId: 'meter-2' });

  assert.equal(await outcome(authenticator, 'meter-1', token), 'ok');
  assert.equal(await outcome(authenticator, 'meter-1', token), 'ok', 'the same token again');
  assert.equal(await outcome(authenticator, 'meter-2', token), 'ERR_AUTH_CLIENT_ID_MISMATCH');

  const tolerance = home.config.token.clockToleranceSeconds;
  clock.now = new Date(expiresAt.getTime() + (tolerance + 1) * 1000);
  assert.equal(await outcome(authenticator, 'meter-1', token), 'ERR_AUTH_TOKEN_EXPIRED');

  clock.now = new Date();
  assert.equal(await outcome(authenticator, 'meter-2', other), 'ok');
  home.fleet.disableDevice('meter-2');
  assert.equal(await outcome(authenticator, 'meter-2', other), 'ERR_AUTH_DEVICE_DISABLED');
});

test('a token a device signed is refused once its key is removed, though accepted before', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('tracker-1');
  const { privateKey, publicKey } = ecKeyPair();
  const key = await home.fleet.addKey({ deviceId: 'tracker-1', pem: await exportSPKI(publicKey) });
  const { authenticator } = await authenticatorAt(t, home);
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ aud: home.config.token.audience })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer('tracker-1')
    .setSubject('tracker-1')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(privateKey);

  assert.equal(await outcome(authenticator, 'tracker-1', token), 'ok');
  assert.equal(await outcome(authenticator, 'tracker-1', token), 'ok');
  home.fleet.removeKey('tracker-1', key.kid);
  authenticator.forgetDeviceKeys('tracker-1', key.kid); // as the broker does on the change
  assert.equal(await outcome(authenticator, 'tracker-1', token), 'ERR_AUTH_TOKEN_SIGNER_UNKNOWN');
});

test('a token with its signature altered is refused even after the real one was accepted', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('meter-1');
  const { authenticator } = await authenticatorAt(t, home);
  const { token } = await home.fleet.mintToken({ deviceId: 'meter-1' });
  assert.equal(await outcome(authenticator, 'meter-1', token), 'ok');
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
  assert.equal(
    await outcome(authenticator, 'meter-1', `${header}.${payload}.${flipped}`),
    'ERR_AUTH_TOKEN_INVALID',
  );
});
