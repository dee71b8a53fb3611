import { createSecureContext, type SecureContext } from 'node:tls';
import type { Credentials } from '../lib/connection.js';
import type { BenchDevice, Provisioned } from '../setup/provision.js';
import type { TargetName } from '../targets/index.js';
import type { Profile } from './profile.js';

/** One figure of the run: the unit of bench/results/latest.json. */
export interface BenchRecord {
  readonly scenario: string;
  readonly target: TargetName;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** Each round's value when the scenario ran in rounds; `value` is their median. */
  readonly rounds?: readonly number[];
}

export interface ScenarioContext {
  readonly target: TargetName;
  readonly pid: number;
  readonly port: number;
  readonly devices: Provisioned;
  readonly identities: Identities;
  readonly profile: Profile;
  /**
   * Multiplies the scenarios' fixed timeouts (connect, SUBACK, drain): 1 unless told. A broker
   * under valgrind runs tens of times slower than natively.
   */
  readonly timeScale?: number;
  record(scenario: string, metric: string, value: number, unit: string): void;
  note(text: string): void;
}

/** A fixed timeout of the scenarios, stretched by the context's time scale. */
export function scaledMs(context: ScenarioContext, ms: number): number {
  return ms * (context.timeScale ?? 1);
}

/** Loopback source addresses, so thousands of short connections never run out of ports. */
const SOURCE_ADDRESS_COUNT = 32;
export function sourceAddress(index: number): string {
  return `127.0.0.${1 + (index % SOURCE_ADDRESS_COUNT)}`;
}

/** TLS contexts built once per device: parsing keys per connect would load the generator. */
export class Identities {
  readonly #mtls = new Map<string, SecureContext>();
  readonly #serverOnly: SecureContext;
  readonly #caPem: string;

  constructor(caPem: string) {
    this.#caPem = caPem;
    this.#serverOnly = createSecureContext({ ca: caPem });
  }

  mtls(device: BenchDevice): Credentials {
    let context = this.#mtls.get(device.id);
    if (context === undefined) {
      context = createSecureContext({ ca: this.#caPem, cert: device.certPem, key: device.keyPem });
      this.#mtls.set(device.id, context);
    }
    return { clientId: device.id, secureContext: context };
  }

  token(device: BenchDevice): Credentials {
    if (device.token === undefined) throw new TypeError(`device ${device.id} has no token`);
    return { clientId: device.id, secureContext: this.#serverOnly, token: device.token };
  }
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function sortNumbers(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Runs `worker` on `concurrency` lanes until `count` items or `deadline` (performance.now()). */
export async function runLanes(
  count: number,
  concurrency: number,
  deadline: number,
  worker: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next;
      next += 1;
      await worker(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return next;
}
