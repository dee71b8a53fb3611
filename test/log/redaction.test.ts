import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryLogger } from '../helpers/log-sink.js';

const SECRET = 'eyJhbGciOiJFUzI1NiJ9.c2VjcmV0.c2ln';
const SECRET_NAMES = [
  'password',
  'token',
  'jwt',
  'privateKey',
  'privateKeyPem',
  'keyPem',
  'authorization',
];

test('censors every secret field at the top of a log entry', () => {
  const { log, records, text } = memoryLogger();
  for (const name of SECRET_NAMES) log.info({ [name]: SECRET, deviceId: 'd-1' }, 'entry');
  assert.equal(records.length, SECRET_NAMES.length);
  SECRET_NAMES.forEach((name, index) => {
    assert.equal(records[index]?.[name], '[redacted]', name);
    assert.equal(records[index]?.deviceId, 'd-1', 'other fields stay');
  });
  assert.equal(text().includes(SECRET), false);
});

test('censors secret fields one level down, such as an HTTP authorization header', () => {
  const { log, records, text } = memoryLogger();
  log.warn(
    {
      request: { headers: 'kept', password: SECRET },
      headers: { authorization: `Bearer ${SECRET}`, accept: 'application/json' },
      credential: { type: 'token', token: SECRET, kid: 'k1' },
    },
    'entry',
  );
  const record = records[0] as Record<string, Record<string, unknown>>;
  assert.equal(record.request?.password, '[redacted]');
  assert.equal(record.request?.headers, 'kept');
  assert.equal(record.headers?.authorization, '[redacted]');
  assert.equal(record.headers?.accept, 'application/json');
  assert.equal(record.credential?.token, '[redacted]');
  assert.equal(record.credential?.kid, 'k1');
  assert.equal(text().includes(SECRET), false);
});

test('censors secrets bound into a child logger and leaves the caller its object', () => {
  const { log, records, text } = memoryLogger();
  const entry = { token: SECRET, clientId: 'd-2' };
  log.child({ component: 'auth', password: SECRET }).info(entry, 'entry');
  assert.equal(records[0]?.password, '[redacted]');
  assert.equal(records[0]?.token, '[redacted]');
  assert.equal(records[0]?.component, 'auth');
  assert.equal(text().includes(SECRET), false);
  assert.equal(entry.token, SECRET, 'the logged object itself is not changed');
});

test('logs what is not a secret as it is', () => {
  const { log, records } = memoryLogger();
  log.info({ fingerprint: 'ab:cd', serial: '01f3', tokenId: 'jti-1' }, 'entry');
  assert.equal(records[0]?.fingerprint, 'ab:cd');
  assert.equal(records[0]?.serial, '01f3');
  assert.equal(records[0]?.tokenId, 'jti-1');
});
