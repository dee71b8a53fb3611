import type { SecureContext } from 'node:tls';
import type { MqttClient } from 'mqtt';
import type { RunContext } from '../device/run-context.js';
import { SimulationError } from '../errors.js';
import { type ConnectOutcome, openConnection, type Presentation } from '../net/open-connection.js';
import { endClient, SUBACK_FAILURE, subscribeCode } from '../net/subscribe-code.js';
import { tlsContextFor } from '../net/tls-context.js';
import type { DeviceIdentity } from '../provision/fleet-file.js';

export type MessageHandler = (topic: string, payload: Buffer) => void;

const RECONNECT_DELAY_MS = 1000;
const CLOSE_TIMEOUT_MS = 3000;

/**
 * The connection of the monitor or the commander: one subscription, messages to a handler, and
 * a reconnect when the broker drops it mid-run (counted as `<name>:disconnect`, since whatever
 * it misses meanwhile shows up as loss).
 */
export class ObserverLink {
  readonly #ctx: RunContext;
  readonly #identity: DeviceIdentity;
  readonly #filter: string;
  readonly #onMessage: MessageHandler;
  readonly #tlsContext: SecureContext;
  #client: MqttClient | undefined;

  private constructor(
    ctx: RunContext,
    identity: DeviceIdentity,
    filter: string,
    onMessage: MessageHandler,
  ) {
    this.#ctx = ctx;
    this.#identity = identity;
    this.#filter = filter;
    this.#onMessage = onMessage;
    this.#tlsContext = tlsContextFor(ctx.ca, {
      certPem: identity.certPem!,
      keyPem: identity.keyPem!,
    });
  }

  /**
   * Connects and subscribes. Throws ERR_SIM_BROKER_UNREACHABLE when no connection is made,
   * ERR_SIM_OBSERVER_REFUSED when the broker refuses the identity or its subscription.
   */
  static async open(
    ctx: RunContext,
    identity: DeviceIdentity,
    filter: string,
    onMessage: MessageHandler,
  ): Promise<ObserverLink> {
    const link = new ObserverLink(ctx, identity, filter, onMessage);
    await link.#connect(true);
    return link;
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  publish(topic: string, payload: string, qos: 0 | 1): void {
    this.#client?.publish(topic, payload, { qos });
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await endClient(client, CLOSE_TIMEOUT_MS);
  }

  async #connect(first: boolean): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.phase.closing) return;
    const outcome = await openConnection({
      ...(await this.#presentation()),
      signal: ctx.stopping.signal,
      target: ctx.target,
      clock: ctx.clock,
      keepaliveSeconds: ctx.options.keepaliveSeconds,
      connectTimeoutMs: ctx.options.connectTimeoutMs,
    });
    if (!outcome.ok) return this.#failed(outcome.kind, first);

    const code = await subscribeCode(outcome.client, this.#filter, 1);
    if (ctx.phase.closing) {
      outcome.client.end(true);
      return;
    }
    if (code === SUBACK_FAILURE || code === undefined) {
      outcome.client.end(true);
      return this.#refused(code === undefined ? 'no SUBACK' : 'SUBACK 0x80', first);
    }
    this.#attach(outcome);
  }

  /**
   * Its certificate over TLS; over plain MQTT, where only tokens are accepted, a token minted
   * now (a run longer than its lifetime sees the observer cut and reconnected at expiry).
   */
  async #presentation(): Promise<Presentation> {
    const { id } = this.#identity;
    if (this.#ctx.target.protocol === 'mqtts')
      return { clientId: id, tlsContext: this.#tlsContext };
    const token = await this.#ctx.tokens.mint(id);
    return { clientId: id, username: id, password: token.value, tlsContext: this.#tlsContext };
  }

  #attach(outcome: Extract<ConnectOutcome, { ok: true }>): void {
    const client = outcome.client;
    this.#client = client;
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on('close', () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      if (this.#ctx.phase.closing) return;
      this.#ctx.metrics.countError(`${this.#identity.group}:disconnect`);
      this.#retry();
    });
  }

  #failed(kind: string, first: boolean): void {
    if (!first) {
      this.#retry();
      return;
    }
    if (kind.startsWith('connack:')) this.#refused(`CONNACK ${kind.slice(8)}`, first);
    throw new SimulationError(
      'ERR_SIM_BROKER_UNREACHABLE',
      `the ${this.#identity.group} could not connect to ${this.#ctx.target.url} (${kind})`,
    );
  }

  #refused(detail: string, first: boolean): void {
    if (!first) {
      this.#retry();
      return;
    }
    throw new SimulationError(
      'ERR_SIM_OBSERVER_REFUSED',
      `the broker refused the ${this.#identity.group} ${this.#identity.id} (${detail}): it needs ` +
        'the simulator policies, which --provision writes to warden.yaml; ' +
        'restart the broker after it',
    );
  }

  #retry(): void {
    if (this.#ctx.phase.closing) return;
    setTimeout(() => void this.#connect(false), RECONNECT_DELAY_MS).unref();
  }
}
