import type { SecureContext } from 'node:tls';
import type { BrokerTarget } from '../net/broker-target.js';
import type { SourceAddresses } from '../net/source-addresses.js';
import type { SimulationOptions } from '../options.js';
import type { RunMetrics } from '../report/run-metrics.js';
import type { ProbeLedger } from '../rogue/probe-ledger.js';
import type { Clock } from '../schedule/clock.js';
import type { Scheduler } from '../schedule/scheduler.js';
import type { ConnectedDevices } from './connected-devices.js';
import type { TokenSource } from './token-source.js';

/** Where a run stands: generating readings, then draining, then closing every connection. */
export interface RunPhase {
  generating: boolean;
  closing: boolean;
}

/** What every device, the monitor and the commander of one run share. */
export interface RunContext {
  readonly options: SimulationOptions;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly metrics: RunMetrics;
  readonly probes: ProbeLedger;
  readonly target: BrokerTarget;
  /** The TLS context of connections without a client certificate (tokens, probes). */
  readonly serverOnlyTls: SecureContext;
  readonly sources: SourceAddresses;
  readonly tokens: TokenSource;
  readonly ca: Buffer;
  readonly phase: RunPhase;
  /** Aborted when the run closes: connection attempts still under way give up at once. */
  readonly stopping: AbortController;
  /** Devices connected now; the type is opaque here to keep this file free of device imports. */
  readonly connected: ConnectedDevices<{ readonly id: string }>;
}
