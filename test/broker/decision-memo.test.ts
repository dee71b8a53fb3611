import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecisionMemo, decisionsOf } from '../../src/broker/decision-memo.js';
import type { Session } from '../../src/broker/session.js';
import {
  authorizeDelivery,
  authorizePublish,
  compileGrants,
  defaultPolicies,
} from '../../src/policy/index.js';

const TOPICS = [
  'devices/sensor-1/telemetry',
  'devices/sensor-2/telemetry',
  'devices/sensor-1/a/b',
  '$SYS/x',
  'devices/+/telemetry',
  'devices/sensor-1/\u0000',
  '',
];

test('remembered decisions are the decisions, for every topic, past the memo size', () => {
  const grants = compileGrants(defaultPolicies, { id: 'sensor-1', claims: {} });
  const memo = new DecisionMemo(grants);
  const many = Array.from({ length: 600 }, (_, i) => `devices/sensor-${i % 3}/t${i}`);
  for (const round of [1, 2]) {
    for (const topic of [...TOPICS, ...many]) {
      assert.deepEqual(memo.publish(topic), authorizePublish(grants, topic), `${round} ${topic}`);
      assert.deepEqual(memo.delivery(topic), authorizeDelivery(grants, topic), `${round} ${topic}`);
    }
  }
});

test('grants compiled anew get a new memo', () => {
  const before = compileGrants(defaultPolicies, { id: 'sensor-1', claims: {} });
  const session = { grants: before } as unknown as Session;
  assert.equal(decisionsOf(session).publish('devices/sensor-1/telemetry').allowed, true);
  const memo = decisionsOf(session);
  assert.equal(decisionsOf(session), memo, 'the same grants keep their memo');

  session.grants = compileGrants(defaultPolicies, { id: 'sensor-2', claims: {} });
  assert.notEqual(decisionsOf(session), memo);
  assert.equal(decisionsOf(session).publish('devices/sensor-1/telemetry').allowed, false);
  assert.equal(decisionsOf(session).publish('devices/sensor-2/telemetry').allowed, true);
});
