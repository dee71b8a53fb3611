import type { BrokerTarget } from './broker-target.js';

/**
 * Ephemeral ports one source address can hold towards one listener on Linux (32768–60999), with
 * room left for everything else on the machine.
 */
const PORTS_PER_ADDRESS = 20_000;
/**
 * Warden admits 1,000 connections per second per remote address by default
 * (limits.maxConnectsPerAddressPerSecond); stay under it from each source address.
 */
const CONNECTS_PER_ADDRESS_PER_SECOND = 800;
const MAX_ADDRESSES = 250;

/**
 * How many loopback source addresses (127.0.0.1, .2, …) to spread `connections` over: enough
 * that neither the ephemeral ports of one address nor the broker's per-address connect rate run
 * out. A remote or IPv6 target gets none (the system chooses).
 */
export function sourceAddressCount(
  target: BrokerTarget,
  connections: number,
  connectRate: number,
  requested?: number,
): number {
  if (!target.loopback || target.host.includes(':')) return 0;
  if (requested !== undefined) return Math.min(requested, MAX_ADDRESSES);
  const forPorts = Math.ceil(connections / PORTS_PER_ADDRESS);
  const forRate = Math.ceil(connectRate / CONNECTS_PER_ADDRESS_PER_SECOND);
  return Math.min(MAX_ADDRESSES, Math.max(1, forPorts, forRate));
}

/** Hands out source addresses round-robin; `avoid` skips one that ran out of ports. */
export class SourceAddresses {
  readonly #addresses: string[];
  readonly #exhausted = new Set<string>();
  #next = 0;

  constructor(count: number) {
    this.#addresses = Array.from({ length: count }, (_, index) => `127.0.0.${index + 1}`);
  }

  get addresses(): readonly string[] {
    return this.#addresses;
  }

  /** The next address, or undefined to let the system choose (no spreading). */
  take(): string | undefined {
    const usable = this.#addresses.filter((address) => !this.#exhausted.has(address));
    if (usable.length === 0) return undefined;
    const address = usable[this.#next % usable.length];
    this.#next += 1;
    return address;
  }

  /** Marks an address whose ports ran out (EADDRNOTAVAIL / EADDRINUSE). */
  avoid(address: string): void {
    this.#exhausted.add(address);
  }
}
