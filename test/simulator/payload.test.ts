import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeProbe } from '../../simulator/payload/probe-payload.js';
import {
  decodeMessage,
  encodeTelemetry,
  type SenmlRecord,
} from '../../simulator/payload/telemetry-payload.js';

const stamp = { deviceId: 'sim-00042', seq: 17, sentAtMs: 1_796_000_000_123.456 };
const readings = [
  { name: 'temperature', unit: 'Cel', value: 21.5 },
  { name: 'door', booleanValue: true },
];

describe('telemetry payloads', () => {
  it('encodes a SenML pack: base name and time first, a record per reading, then seq', () => {
    const pack = JSON.parse(encodeTelemetry('senml', stamp, readings)) as SenmlRecord[];
    assert.ok(Array.isArray(pack));
    assert.equal(pack.length, 3);
    const [first, second, third] = pack;
    assert.equal(first?.bn, 'urn:warden:device:sim-00042:');
    assert.equal(first?.bt, stamp.sentAtMs / 1000);
    assert.deepEqual(
      { n: first?.n, u: first?.u, v: first?.v },
      { n: 'temperature', u: 'Cel', v: 21.5 },
    );
    assert.deepEqual(second, { n: 'door', vb: true });
    assert.deepEqual(third, { n: 'seq', v: 17 });
  });

  it('writes only RFC 8428 fields, and exactly one value per record', () => {
    const pack = JSON.parse(encodeTelemetry('senml', stamp, readings)) as Record<string, unknown>[];
    const allowed = new Set(['bn', 'bt', 'n', 'u', 'v', 'vb']);
    for (const record of pack) {
      assert.ok(Object.keys(record).every((key) => allowed.has(key)));
      assert.equal(['v', 'vb'].filter((key) => key in record).length, 1);
      assert.equal(typeof record['n'], 'string');
    }
    assert.ok(pack.slice(1).every((record) => !('bn' in record) && !('bt' in record)));
  });

  it('reads back the stamp from either format', () => {
    for (const format of ['json', 'senml'] as const) {
      const decoded = decodeMessage(Buffer.from(encodeTelemetry(format, stamp, readings)));
      assert.equal(decoded.kind, 'telemetry', format);
      if (decoded.kind !== 'telemetry') continue;
      assert.equal(decoded.seq, 17);
      assert.ok(Math.abs(decoded.sentAtMs - stamp.sentAtMs) < 0.01, format);
    }
  });

  it('tells probes and garbage apart from telemetry', () => {
    assert.deepEqual(decodeMessage(encodeProbe(9, 'sim-00001')), { kind: 'probe', probeId: 9 });
    for (const text of ['not json', '42', 'null', '{"seq":0,"ts":1}', '{"seq":1}', '[]']) {
      assert.equal(decodeMessage(text).kind, 'unreadable', text);
    }
  });
});
