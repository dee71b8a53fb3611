import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, openForTest } from './fixtures.js';

const authentik = {
  name: 'authentik',
  issuer: 'https://auth.example.com/application/o/telemetry/',
  jwksUri: 'https://auth.example.com/application/o/telemetry/jwks/',
};

test('records issuers and lists them by name', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });

  const recorded = registry.upsertIssuer(authentik);
  registry.upsertIssuer({ ...authentik, name: 'acme' });

  assert.deepEqual(recorded, { ...authentik, updatedAt: clock.now() });
  assert.deepEqual(
    registry.listIssuers().map((issuer) => issuer.name),
    ['acme', 'authentik'],
  );
});

test('moves updatedAt only when the issuer or its JWKS address changes', (t) => {
  const clock = fakeClock();
  const registry = openForTest(t, ':memory:', { now: clock.now });
  const first = registry.upsertIssuer(authentik);
  clock.advance(1000);

  const same = registry.upsertIssuer(authentik);
  const moved = registry.upsertIssuer({ ...authentik, jwksUri: 'https://auth.example.com/jwks' });

  assert.deepEqual(same, first);
  assert.equal(moved.jwksUri, 'https://auth.example.com/jwks');
  assert.deepEqual(moved.updatedAt, clock.now());
});

test('forgets an issuer the configuration dropped', (t) => {
  const registry = openForTest(t, ':memory:');
  registry.upsertIssuer(authentik);

  assert.equal(registry.removeIssuer('authentik'), true);
  assert.equal(registry.removeIssuer('authentik'), false);
  assert.deepEqual(registry.listIssuers(), []);
});

test('refuses empty or unprintable issuer fields', (t) => {
  const registry = openForTest(t, ':memory:');

  for (const bad of [{ name: '' }, { issuer: '' }, { jwksUri: 'https://x/\n' }]) {
    assert.throws(() => registry.upsertIssuer({ ...authentik, ...bad }), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  }
  assert.deepEqual(registry.listIssuers(), []);
});
