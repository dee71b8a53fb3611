export type { BrokerOptions, RunningBroker } from './broker.js';
export { startBroker } from './broker.js';
export { DENIED_SINK_TOPIC } from './denied-sink.js';
export type { ListenerAddress, ListenerName } from './listeners.js';
export type { BrokerMetrics } from './metrics.js';
export { PacketSizeGuard } from './packet-size-guard.js';
