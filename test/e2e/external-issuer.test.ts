import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { exportJWK, type JWK, SignJWT } from 'jose';
import {
  connect,
  connectOk,
  isRefusal,
  startTestBroker,
  subscribeGranted,
  tokenOptions,
} from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import { ecKeyPair, nowSeconds } from '../helpers/tokens.js';

const ISSUER = 'https://auth.example.test/application/o/telemetry/';

/** A real HTTP JWKS endpoint on loopback whose key set the test can rotate. */
async function startJwks(t: import('node:test').TestContext) {
  let keys: JWK[] = [];
  let fetches = 0;
  const server = createServer((request, response) => {
    fetches += 1;
    if (request.url !== '/jwks/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks/`,
    setKeys: (next: JWK[]) => {
      keys = next;
    },
    fetches: () => fetches,
  };
}

async function issuerKey(kid: string) {
  const { privateKey, publicKey } = ecKeyPair();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = (sub: string, extra: Record<string, unknown> = {}) =>
    new SignJWT({ role: 'collector', site: 'north', tenant: 'acme', ...extra })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(ISSUER)
      .setAudience('warden')
      .setSubject(sub)
      .setIssuedAt(nowSeconds())
      .setExpirationTime(nowSeconds() + 300)
      .sign(privateKey);
  return { jwk, sign };
}

function issuerYaml(jwksUri: string): string {
  return [
    'issuers:',
    '  - name: authentik',
    `    issuer: ${ISSUER}`,
    `    jwksUri: ${jwksUri}`,
    '    audience: warden',
    '    idClaim: sub',
    '    claims: [role, site]',
    'policies:',
    '  collector:',
    "    publish: ['sites/{site}/collector/{device}/#']",
    "    subscribe: ['sites/{site}/+/telemetry/#', 'sites/{tenant}/#']",
  ].join('\n');
}

test('a service with a token from an external issuer connects with only allow-listed claims', async (t) => {
  const jwks = await startJwks(t);
  const first = await issuerKey('k1');
  jwks.setKeys([first.jwk]);
  const home = await createTestHome(t, issuerYaml(jwks.url));
  const { mqttsUrl, caPem, broker } = await startTestBroker(t, home, {
    issuerKeyOptions: { cooldownMs: 0, cacheMaxAgeMs: 60_000, timeoutMs: 2000 },
  });

  const client = await connectOk(
    t,
    mqttsUrl,
    tokenOptions(caPem, 'svc-ingest', await first.sign('svc-ingest')),
  );
  // `tenant` is not allow-listed, so the rule that needs it is dropped, never widened.
  const granted = await subscribeGranted(client, ['sites/north/+/telemetry/#', 'sites/acme/#']);
  assert.deepEqual(granted, [0, 128]);
  await client.publishAsync('sites/north/collector/svc-ingest/status', 'up', { qos: 1 });
  await client.publishAsync('sites/south/collector/svc-ingest/status', 'up', { qos: 1 });
  assert.equal(broker.metrics.publishesDenied, 1);
});

test('follows the issuer through a key rotation and refuses the retired key', async (t) => {
  const jwks = await startJwks(t);
  const oldKey = await issuerKey('k1');
  const newKey = await issuerKey('k2');
  jwks.setKeys([oldKey.jwk]);
  const home = await createTestHome(t, issuerYaml(jwks.url));
  const { mqttsUrl, caPem } = await startTestBroker(t, home, {
    issuerKeyOptions: { cooldownMs: 0, cacheMaxAgeMs: 60_000, timeoutMs: 2000 },
  });

  const before = await connectOk(
    t,
    mqttsUrl,
    tokenOptions(caPem, 'svc-a', await oldKey.sign('svc-a')),
  );
  await before.endAsync();
  jwks.setKeys([newKey.jwk]);
  const fetchesBefore = jwks.fetches();
  const after = await connectOk(
    t,
    mqttsUrl,
    tokenOptions(caPem, 'svc-a', await newKey.sign('svc-a')),
  );
  await after.endAsync();
  assert.ok(jwks.fetches() > fetchesBefore, 'an unknown kid refetched the key set');

  const retired = await connect(
    t,
    mqttsUrl,
    tokenOptions(caPem, 'svc-a', await oldKey.sign('svc-a')),
  );
  assert.ok(isRefusal(retired));
  assert.equal(retired.code, 4);
});

test('an external issuer cannot name an enrolled device', async (t) => {
  const jwks = await startJwks(t);
  const key = await issuerKey('k1');
  jwks.setKeys([key.jwk]);
  const home = await createTestHome(t, issuerYaml(jwks.url));
  home.fleet.addDevice('pump-7');
  const { mqttsUrl, caPem } = await startTestBroker(t, home, {
    issuerKeyOptions: { cooldownMs: 0, cacheMaxAgeMs: 60_000, timeoutMs: 2000 },
  });

  const result = await connect(
    t,
    mqttsUrl,
    tokenOptions(caPem, 'pump-7', await key.sign('pump-7')),
  );
  assert.ok(isRefusal(result));
  assert.equal(result.code, 4);
});
