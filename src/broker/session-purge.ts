import type { Logger } from '../log/index.js';
import type { Registry } from '../registry/index.js';
import type { BrokerMetrics } from './metrics.js';
import type { MqttState } from './persistence.js';
import { CHANGE_SEQ_KEY } from './state-keys.js';

const CHANGES_PER_READ = 1000;
/** How long a purge waits for the removed device's connection to finish closing. */
const CLOSE_WAIT_MS = 2000;
const CLOSE_POLL_MS = 20;

export interface SessionPurgeDeps {
  readonly state: MqttState;
  readonly registry: Registry;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  /** Whether aedes still holds a connection with this client id. */
  readonly isConnected: (clientId: string) => boolean;
}

/**
 * Clears what the broker stored for a device once the device is removed from the registry:
 * its session (subscriptions, queued messages, QoS 2 state, will) and the retained messages
 * it published. Revoking or disabling a device clears nothing: the device cannot connect, so
 * its queue is never delivered, and enabling it again gives it back. Removals made while the
 * broker was down are applied at start-up from the change feed.
 */
export class SessionPurge {
  readonly #deps: SessionPurgeDeps;
  #chain: Promise<void> = Promise.resolve();

  constructor(deps: SessionPurgeDeps) {
    this.#deps = deps;
  }

  /** Applies removals recorded since this store last looked, up to `throughSeq`. */
  async catchUp(throughSeq: number): Promise<void> {
    const { registry, state } = this.#deps;
    const stored = await state.db.get(CHANGE_SEQ_KEY);
    let seq = stored === undefined ? throughSeq : Number(stored.toString('utf8'));
    for (;;) {
      const changes = registry
        .readChanges(seq, CHANGES_PER_READ)
        .filter((change) => change.seq <= throughSeq);
      for (const change of changes) {
        seq = change.seq;
        if (change.kind === 'device.removed') await this.#purge(change.deviceId);
      }
      if (changes.length < CHANGES_PER_READ) break;
    }
    await this.#record(throughSeq);
  }

  /** Purges a device the change feed reports removed (serialized, one at a time). */
  removed(deviceId: string, seq: number): Promise<void> {
    const next = this.#chain.then(async () => {
      await this.#waitForClose(deviceId);
      await this.#purge(deviceId);
      await this.#record(seq);
    });
    this.#chain = next.catch((error: unknown) =>
      this.#deps.log.error({ err: error, clientId: deviceId }, 'session purge failed'),
    );
    return this.#chain;
  }

  /** Waits for the purges in progress (shutdown). */
  settle(): Promise<void> {
    return this.#chain;
  }

  async #purge(deviceId: string): Promise<void> {
    // A device added again under the same id since has a session of its own now.
    if (this.#deps.registry.getDevice(deviceId) !== undefined) return;
    const { state } = this.#deps;
    await state.purgeSession(deviceId);
    const retained = await this.#clearRetained(deviceId);
    this.#deps.metrics.sessionsPurged += 1;
    this.#deps.log.info({ clientId: deviceId, retained }, 'stored state of removed device purged');
  }

  async #clearRetained(deviceId: string): Promise<number> {
    const { persistence } = this.#deps.state;
    const topics: string[] = [];
    for await (const packet of persistence.createRetainedStream('#')) {
      if (packet.clientId === deviceId) topics.push(packet.topic);
    }
    for (const topic of topics) {
      await persistence.storeRetained({
        cmd: 'publish',
        topic,
        payload: Buffer.alloc(0),
        qos: 0,
        retain: true,
        dup: false,
      });
    }
    return topics.length;
  }

  async #waitForClose(clientId: string): Promise<void> {
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (this.#deps.isConnected(clientId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, CLOSE_POLL_MS));
    }
  }

  async #record(seq: number): Promise<void> {
    await this.#deps.state.db.put(CHANGE_SEQ_KEY, Buffer.from(String(seq), 'utf8'));
  }
}
