import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { isWardenError } from '../../src/core/index.js';

function home(t: TestContext, yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  if (yaml !== undefined) writeFileSync(join(dir, 'warden.yaml'), yaml);
  return dir;
}

test('applies the documented defaults without a warden.yaml', (t) => {
  const config = loadConfig({ home: home(t) }, {});

  assert.deepEqual(config.mqtts, { port: 8883, host: '0.0.0.0' });
  assert.deepEqual(config.mqtt, { port: 1883, host: '127.0.0.1' });
  assert.equal(config.token.issuer, 'warden');
  assert.equal(config.token.audience, 'warden');
  assert.equal(config.token.maxLifetimeSeconds, 86_400);
  assert.equal(config.token.defaultTtlSeconds, 3600);
  assert.equal(config.onDeniedPublish, 'drop');
  assert.deepEqual(Object.keys(config.policies), ['device']);
  assert.ok(Object.isFrozen(config.limits));
});

test('flags override WARDEN_* variables, which override the file', (t) => {
  const dir = home(t, 'listeners:\n  mqtts: { port: 9000 }\n  mqtt: { port: 9001 }\n');
  const env = { WARDEN_MQTTS_PORT: '9100', WARDEN_BIND: '127.0.0.2' };

  const fromEnv = loadConfig({ home: dir }, env);
  const fromFlags = loadConfig({ home: dir, mqttsPort: 0, bind: '::1' }, env);

  assert.equal(fromEnv.mqtts.port, 9100);
  assert.equal(fromEnv.mqtts.host, '127.0.0.2');
  assert.equal(fromEnv.mqtt.port, 9001);
  assert.equal(fromFlags.mqtts.port, 0);
  assert.equal(fromFlags.mqtts.host, '::1');
});

test('takes the home from $WARDEN_HOME when no flag names one', (t) => {
  const dir = home(t);
  assert.equal(loadConfig({}, { WARDEN_HOME: dir }).paths.database, join(dir, 'data', 'warden.db'));
});

test('refuses bad configuration with a message that names the key', (t) => {
  const cases: [string, RegExp][] = [
    ['listners: {}\n', /unknown key listners/],
    ['token:\n  maxLifetime: forever\n', /token\.maxLifetime/],
    ['token:\n  defaultTtl: 2d\n', /defaultTtl is longer than token\.maxLifetime/],
    ['listeners:\n  mqtts: { port: 70000 }\n', /between 0 and 65535/],
    ['onDeniedPublish: ignore\n', /onDeniedPublish must be one of drop, disconnect/],
    [
      'issuers:\n  - name: a\n    issuer: x\n    jwksUri: not a url\n',
      /issuers\[0\]\.jwksUri is not a URL/,
    ],
    [
      'issuers:\n  - name: a\n    issuer: x\n    jwksUri: https://x/j\n    algorithms: [HS256]\n',
      /HS256 is not one of/,
    ],
    [
      'issuers:\n  - name: a\n    issuer: x\n    jwksUri: https://x/j\n    claims: ["a b"]\n',
      /invalid claim name/,
    ],
    [
      'policies:\n  device:\n    publish: [devices/{device}/#]\n',
      /quote filters with placeholders/,
    ],
    ["policies:\n  device:\n    publish: ['a+/b']\n", /device/],
    ['token: [\n', /invalid configuration in/],
  ];
  for (const [yaml, message] of cases) {
    const dir = home(t, yaml);
    assert.throws(
      () => loadConfig({ home: dir }, {}),
      (error) => isWardenError(error, 'ERR_CONFIG_INVALID') && message.test(error.message),
      yaml,
    );
  }
});

test('reads external issuers with their claim allow-list and algorithm defaults', (t) => {
  const yaml = [
    'issuers:',
    '  - name: authentik',
    '    issuer: https://auth.example.com/application/o/telemetry/',
    '    jwksUri: https://auth.example.com/application/o/telemetry/jwks/',
    '    claims: [role, site]',
  ].join('\n');
  const [issuer] = loadConfig({ home: home(t, yaml) }, {}).issuers;

  assert.equal(issuer?.idClaim, 'sub');
  assert.equal(issuer?.audience, 'warden');
  assert.deepEqual(issuer?.claims, ['role', 'site']);
  assert.deepEqual(issuer?.algorithms, ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256']);
});
