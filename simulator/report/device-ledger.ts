import { SequenceSet } from './sequence-set.js';

/**
 * One device's messages as both ends saw them. The device sends 1, 2, 3, … in order (a resend
 * keeps its number), so `lastSentSeq` says which numbers were published; the monitor fills
 * `received`; the difference is what was lost.
 */
export class DeviceLedger {
  /** Numbers given to readings so far, sent or still queued. */
  lastGeneratedSeq = 0;
  /** Every number up to this one was handed to the broker at least once. */
  lastSentSeq = 0;
  /** QoS 1 numbers the broker acknowledged with PUBACK. */
  readonly acknowledged = new SequenceSet();
  readonly received = new SequenceSet();
  duplicates = 0;
  /** Readings dropped because the device's queue was full while it was offline. */
  dropped = 0;
}

export interface DeliveryCounts {
  readonly published: number;
  readonly acknowledged: number;
  /** Distinct messages the monitor received. */
  readonly delivered: number;
  readonly lost: number;
  /** Lost although the broker had acknowledged them: the broker's fault, not the network's. */
  readonly lostAfterAck: number;
  readonly duplicates: number;
  /** Generated but never sent: the device was offline until the end, or its queue overflowed. */
  readonly unsent: number;
}

/** Sums the ledgers: loss per device sequence number, duplicates, and what was never sent. */
export function countDeliveries(ledgers: Iterable<DeviceLedger>): DeliveryCounts {
  const totals = {
    published: 0,
    acknowledged: 0,
    delivered: 0,
    lost: 0,
    lostAfterAck: 0,
    duplicates: 0,
    unsent: 0,
  };
  for (const ledger of ledgers) {
    totals.published += ledger.lastSentSeq;
    totals.acknowledged += ledger.acknowledged.distinct;
    totals.delivered += ledger.received.distinct;
    totals.lost += ledger.received.missingUpTo(ledger.lastSentSeq);
    totals.lostAfterAck += lostAfterAck(ledger);
    totals.duplicates += ledger.duplicates;
    totals.unsent += ledger.lastGeneratedSeq - ledger.lastSentSeq + ledger.dropped;
  }
  return totals;
}

function lostAfterAck(ledger: DeviceLedger): number {
  let lost = 0;
  for (let seq = 1; seq <= ledger.lastSentSeq; seq += 1) {
    if (ledger.acknowledged.has(seq) && !ledger.received.has(seq)) lost += 1;
  }
  return lost;
}
