/** What a rogue device tries, each once per run. */
export const probeKinds = [
  'publish-foreign',
  'subscribe-telemetry-wildcard',
  'subscribe-all',
  'subscribe-foreign-commands',
  'client-id-takeover',
  'expired-token',
  'tampered-token',
] as const;

export type ProbeKind = (typeof probeKinds)[number];

/**
 * `denied`: the broker refused (SUBACK 0x80, a CONNACK refusal, a publish the monitor never saw);
 * `leaked`: it let the probe through; `inconclusive`: the probe could not be judged (the device was
 * offline, the connection timed out).
 */
export type ProbeOutcome = 'pending' | 'denied' | 'leaked' | 'inconclusive';

export interface ProbeCounts {
  attempted: number;
  denied: number;
  leaked: number;
  inconclusive: number;
}

export interface ProbeSummary extends ProbeCounts {
  readonly falseDenials: number;
  readonly byKind: Record<ProbeKind, ProbeCounts>;
}

interface Probe {
  readonly kind: ProbeKind;
  readonly deviceId: string;
  outcome: ProbeOutcome;
}

/** Every probe of a run and how it ended. */
export class ProbeLedger {
  readonly #probes: Probe[] = [];

  /** Records an attempt; answers its id, which a publish probe carries in its payload. */
  attempt(kind: ProbeKind, deviceId: string): number {
    this.#probes.push({ kind, deviceId, outcome: 'pending' });
    return this.#probes.length - 1;
  }

  settle(id: number, outcome: Exclude<ProbeOutcome, 'pending'>): void {
    const probe = this.#probes[id];
    // A leak stands, whatever is said of the probe later.
    if (probe === undefined || probe.outcome === 'leaked') return;
    probe.outcome = outcome;
  }

  /** The monitor saw a probe's message: it leaked. */
  sawProbe(id: number): void {
    this.settle(id, 'leaked');
  }

  /**
   * At the end of the drain: a publish probe the monitor never saw was denied; any other probe
   * still open was cut short and proves nothing.
   */
  settlePending(): void {
    for (const probe of this.#probes) {
      if (probe.outcome !== 'pending') continue;
      probe.outcome = probe.kind === 'publish-foreign' ? 'denied' : 'inconclusive';
    }
  }

  /** Leaked probes, for the report's detail: which device got through with what. */
  leaks(): { kind: ProbeKind; deviceId: string }[] {
    return this.#probes
      .filter((probe) => probe.outcome === 'leaked')
      .map(({ kind, deviceId }) => ({ kind, deviceId }));
  }

  summary(falseDenials: number): ProbeSummary {
    const empty = (): ProbeCounts => ({ attempted: 0, denied: 0, leaked: 0, inconclusive: 0 });
    const total = empty();
    const byKind = Object.fromEntries(probeKinds.map((kind) => [kind, empty()])) as Record<
      ProbeKind,
      ProbeCounts
    >;
    for (const probe of this.#probes) {
      for (const counts of [total, byKind[probe.kind]]) {
        counts.attempted += 1;
        if (probe.outcome === 'pending') continue;
        counts[probe.outcome] += 1;
      }
    }
    return { ...total, falseDenials, byKind };
  }
}
