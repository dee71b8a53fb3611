/** Sizes of one run. Every loop in the bench is bounded by a count and by a time. */
export interface Profile {
  readonly name: 'quick' | 'full';
  readonly connectPool: number;
  readonly idleConnections: number;
  /** Connects per storm (mTLS, token, resumed), and how many run at once. */
  readonly connects: number;
  readonly connectConcurrency: number;
  readonly connectSeconds: number;
  readonly publishers: number;
  readonly throughputWarmupSeconds: number;
  readonly throughputSeconds: number;
  /** Most messages sent but not yet delivered, across all publishers. */
  readonly throughputWindow: number;
  readonly latencyRate: number;
  readonly latencySeconds: number;
  readonly latencyPublishers: number;
  readonly issueSeconds: number;
  readonly issueIterations: number;
  /** Interleaved rounds of the connect, throughput and latency scenarios (median reported). */
  readonly rounds: number;
}

export const profiles: Readonly<Record<Profile['name'], Profile>> = {
  quick: {
    name: 'quick',
    connectPool: 200,
    idleConnections: 1000,
    connects: 150,
    connectConcurrency: 8,
    connectSeconds: 12,
    publishers: 20,
    throughputWarmupSeconds: 0.3,
    throughputSeconds: 1.5,
    throughputWindow: 8000,
    latencyRate: 1000,
    latencySeconds: 2,
    latencyPublishers: 10,
    issueSeconds: 2,
    issueIterations: 400,
    rounds: 3,
  },
  full: {
    name: 'full',
    connectPool: 400,
    idleConnections: 1000,
    connects: 2000,
    connectConcurrency: 8,
    connectSeconds: 60,
    publishers: 50,
    throughputWarmupSeconds: 2,
    throughputSeconds: 10,
    throughputWindow: 2000,
    latencyRate: 1000,
    latencySeconds: 15,
    latencyPublishers: 10,
    issueSeconds: 10,
    issueIterations: 5000,
    rounds: 3,
  },
};
