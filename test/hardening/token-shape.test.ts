import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { calculateJwkThumbprint, type JWTPayload, SignJWT } from 'jose';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome, type TestHome } from '../helpers/home.js';
import { assertStillServing, refusals, sendConnect } from './fixtures.js';

/** Signs `payload` with the broker's own token key, as `warden token` does, claims as given. */
async function signAsBroker(home: TestHome, payload: JWTPayload): Promise<string> {
  const privateKey = createPrivateKey(readFileSync(home.config.paths.tokenKey, 'utf8'));
  const kid = await calculateJwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }));
  const nowSeconds = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: home.config.token.issuer,
    aud: home.config.token.audience,
    iat: nowSeconds,
    exp: nowSeconds + 600,
    ...payload,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .sign(privateKey);
}

/** The longest valid token of at most `bytes` characters, padded with a filler claim. */
async function paddedToken(home: TestHome, bytes: number): Promise<string> {
  let token = await signAsBroker(home, { sub: 'd1' });
  let padBytes = Math.floor(((bytes - token.length) * 3) / 4) - 16;
  for (;;) {
    const next = await signAsBroker(home, { sub: 'd1', pad: 'x'.repeat(padBytes + 1) });
    if (next.length > bytes) return token;
    token = next;
    padBytes += 1;
  }
}

test('refuses a password one byte over the token size limit with code 4', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('d1');
  const broker = await startTestBroker(t, home);
  const limit = home.config.token.maxLengthBytes;
  const atLimit = await paddedToken(home, limit);
  assert.ok(atLimit.length > limit - 4, `padded to ${atLimit.length} of ${limit} bytes`);

  const accepted = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    password: atLimit,
  });
  assert.equal(accepted.answer, 0, 'a token within the limit is accepted');

  const tooLarge = Buffer.alloc(limit + 1, 0x61);
  const refused = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    password: tooLarge,
  });
  assert.equal(refused.answer, 4);
  assert.equal(refusals(broker, 'ERR_AUTH_TOKEN_TOO_LARGE').length, 1);
});

test('refuses a broker-signed token whose sub is not a string, with code 4', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('d1');
  const broker = await startTestBroker(t, home);
  const subjects: unknown[] = [1, ['d1'], { id: 'd1' }, null, true];

  for (const sub of subjects) {
    const token = await signAsBroker(home, { sub: sub as string });
    const { answer } = await sendConnect(t, broker, {
      clientId: 'd1',
      username: 'd1',
      password: token,
    });
    assert.equal(answer, 4, JSON.stringify(sub));
  }
  const control = await signAsBroker(home, { sub: 'd1' });
  const { answer } = await sendConnect(t, broker, {
    clientId: 'd1',
    username: 'd1',
    password: control,
  });
  assert.equal(answer, 0, 'the same token with a string sub is accepted');
  assert.equal(broker.broker.metrics.connectsRefused, subjects.length);
  await assertStillServing(t, home, broker);
});
