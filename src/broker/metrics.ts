/** Counters of every decision the broker makes; read by tests, logs and the benchmarks. */
export interface BrokerMetrics {
  connectsAccepted: number;
  connectsRefused: number;
  publishesDenied: number;
  subscriptionsDenied: number;
  deliveriesDenied: number;
  connectionsCut: number;
  oversizedPackets: number;
  connectsThrottled: number;
  /** Messages dropped, oldest first, from offline queues over their bound. */
  queuedMessagesDropped: number;
  /** Sessions cleared because their device was removed. */
  sessionsPurged: number;
}

export function createMetrics(): BrokerMetrics {
  return {
    connectsAccepted: 0,
    connectsRefused: 0,
    publishesDenied: 0,
    subscriptionsDenied: 0,
    deliveriesDenied: 0,
    connectionsCut: 0,
    oversizedPackets: 0,
    connectsThrottled: 0,
    queuedMessagesDropped: 0,
    sessionsPurged: 0,
  };
}
