import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countDeliveries, DeviceLedger } from '../../simulator/report/device-ledger.js';
import { LatencyHistogram } from '../../simulator/report/latency-histogram.js';
import { SequenceSet } from '../../simulator/report/sequence-set.js';
import { ProbeLedger } from '../../simulator/rogue/probe-ledger.js';

function ledger(sent: number, received: number[], acknowledged: number[] = [], generated = sent) {
  const result = new DeviceLedger();
  result.lastGeneratedSeq = generated;
  result.lastSentSeq = sent;
  for (const seq of acknowledged) result.acknowledged.add(seq);
  for (const seq of received) if (!result.received.add(seq)) result.duplicates += 1;
  return result;
}

describe('sequence sets', () => {
  it('counts distinct numbers, spots repeats and missing ones, and grows as needed', () => {
    const set = new SequenceSet();
    assert.equal(set.add(1), true);
    assert.equal(set.add(3), true);
    assert.equal(set.add(3), false);
    assert.equal(set.add(10_000), true);
    assert.equal(set.distinct, 3);
    assert.equal(set.has(2), false);
    assert.equal(set.missingUpTo(5), 3);
    assert.equal(set.missingUpTo(10_000), 9997);
  });
});

describe('delivery counting', () => {
  it('counts a gap in the sequence as lost and a repeat as a duplicate, in any order', () => {
    const counts = countDeliveries([ledger(6, [2, 1, 4, 4, 6, 5, 1])]);
    assert.equal(counts.published, 6);
    assert.equal(counts.delivered, 5);
    assert.equal(counts.lost, 1);
    assert.equal(counts.duplicates, 2);
  });

  it('sums over devices and separates loss after an acknowledgement', () => {
    const counts = countDeliveries([
      ledger(3, [1, 2, 3], [1, 2, 3]),
      ledger(4, [1, 3], [1, 2, 3]),
      ledger(0, []),
    ]);
    assert.equal(counts.published, 7);
    assert.equal(counts.acknowledged, 6);
    assert.equal(counts.delivered, 5);
    assert.equal(counts.lost, 2);
    assert.equal(counts.lostAfterAck, 1, 'seq 2 of the second device was acknowledged, then lost');
  });

  it('counts readings never sent apart from lost ones', () => {
    const offline = ledger(2, [1, 2], [], 7);
    offline.dropped = 3;
    const counts = countDeliveries([offline]);
    assert.equal(counts.lost, 0);
    assert.equal(counts.unsent, 8);
  });
});

describe('latency histograms', () => {
  it('answers percentiles in milliseconds to three significant digits', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms += 1) histogram.recordMs(ms);
    const summary = histogram.summary();
    assert.equal(summary.count, 1000);
    assert.ok(Math.abs(summary.p50 - 500) <= 0.5, `p50 ${summary.p50}`);
    assert.ok(Math.abs(summary.p99 - 990) <= 1, `p99 ${summary.p99}`);
    assert.ok(Math.abs(summary.max - 1000) <= 1, `max ${summary.max}`);
  });

  it('keeps sub-millisecond values and answers zeros when empty', () => {
    const histogram = new LatencyHistogram();
    assert.deepEqual(histogram.summary(), {
      count: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      p999: 0,
      max: 0,
      mean: 0,
    });
    histogram.recordMs(0.25);
    histogram.recordMs(-1);
    assert.equal(histogram.summary().max, 0.25);
  });
});

describe('probe ledger', () => {
  it('settles an unseen publish probe as denied and other open probes as inconclusive', () => {
    const probes = new ProbeLedger();
    probes.attempt('publish-foreign', 'a');
    probes.attempt('subscribe-all', 'a');
    probes.settlePending();
    const summary = probes.summary(0);
    assert.deepEqual(
      { attempted: summary.attempted, denied: summary.denied, inconclusive: summary.inconclusive },
      { attempted: 2, denied: 1, inconclusive: 1 },
    );
  });

  it('keeps a leak a leak, whatever is settled later', () => {
    const probes = new ProbeLedger();
    const id = probes.attempt('publish-foreign', 'a');
    probes.sawProbe(id);
    probes.settle(id, 'denied');
    probes.settlePending();
    assert.equal(probes.summary(0).leaked, 1);
    assert.deepEqual(probes.leaks(), [{ kind: 'publish-foreign', deviceId: 'a' }]);
  });
});
