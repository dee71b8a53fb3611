import type { SecureContext } from 'node:tls';
import type { MqttClient } from 'mqtt';
import { createModel, nextDelayMs } from '../models/create-model.js';
import type { SensorModel } from '../models/sensor-model.js';
import { SUBACK_FAILURE, subscribeCode } from '../net/subscribe-code.js';
import { encodeTelemetry, type PayloadFormat } from '../payload/telemetry-payload.js';
import type { DeviceIdentity, HeldToken } from '../provision/fleet-file.js';
import type { Random } from '../random/prng.js';
import { DeviceLedger } from '../report/device-ledger.js';
import type { DeviceGroup } from '../scenario/scenario.js';
import { expandTopic } from '../scenario/topic-template.js';
import { waitUntil } from '../schedule/clock.js';
import { type ConnectReason, DeviceConnection } from './device-connection.js';
import { Outbox, type OutboxEvents, type OutgoingMessage } from './outbox.js';
import type { RunContext } from './run-context.js';

/** Readings a device keeps while offline; beyond it, new readings are dropped and counted. */
const OUTBOX_CAPACITY = 1000;

/**
 * One simulated device: its sensor model read on its own schedule, an outbox that survives
 * reconnects, answers to commands, all over a DeviceConnection with its own identity.
 */
export class VirtualDevice {
  readonly id: string;
  readonly identity: DeviceIdentity;
  readonly ledger = new DeviceLedger();
  readonly random: Random;
  /** For a rogue device: the reading after its probes, which the monitor must receive. */
  controlSeq: number | undefined;
  readonly #ctx: RunContext;
  readonly #model: SensorModel;
  readonly #topic: string;
  readonly #qos: 0 | 1;
  readonly #format: PayloadFormat;
  readonly #intervalMs: number;
  readonly #outbox = new Outbox(OUTBOX_CAPACITY);
  readonly #events: OutboxEvents;
  readonly #connection: DeviceConnection;

  constructor(ctx: RunContext, identity: DeviceIdentity, group: DeviceGroup, random: Random) {
    const { options } = ctx;
    this.id = identity.id;
    this.identity = identity;
    this.random = random;
    this.#ctx = ctx;
    this.#model = createModel(group.model, group.params, random);
    const values = {
      device: identity.id,
      site: identity.site,
      group: group.name,
      model: group.model,
    };
    this.#topic = expandTopic(group.topic, values);
    this.#qos = group.qos ?? options.qos;
    this.#format = group.payload ?? options.payload;
    this.#intervalMs = group.intervalMs ?? options.intervalMs;
    this.#events = {
      onSent: (message, first) => this.#onSent(message, first),
      onAcknowledged: (message) => this.ledger.acknowledged.add(message.seq),
    };
    this.#connection = new DeviceConnection(ctx, identity, random, {
      onUp: (client, reason) => this.#onUp(client, reason),
      onResume: (client) => this.#outbox.flush(client, this.#qos, this.#events),
      onDown: () => this.#outbox.requeueInflight(),
      isSettled: () => this.#outbox.inflight === 0,
    });
  }

  /** Whether its first connection attempt was made (the load may end before its turn). */
  get started(): boolean {
    return this.#connection.attempted;
  }

  get everConnected(): boolean {
    return this.#connection.everConnected;
  }

  /** The live connection, for rogue probes; undefined while offline. */
  get client(): MqttClient | undefined {
    return this.#connection.client;
  }

  /** The live connection once there is one, or undefined after `timeoutMs`. */
  async whenConnected(timeoutMs: number): Promise<MqttClient | undefined> {
    await waitUntil(() => this.#connection.client !== undefined, timeoutMs);
    return this.#connection.client;
  }

  /** Whether `client` was closed by this device (a refresh) rather than by the broker. */
  wasReplaced(client: MqttClient): boolean {
    return this.#connection.wasReplaced(client);
  }

  get token(): HeldToken | undefined {
    return this.#connection.token;
  }

  get tlsContext(): SecureContext {
    return this.#connection.tlsContext;
  }

  /** Whether everything sent has been acknowledged and nothing waits (or it gave up). */
  isDrained(): boolean {
    return this.#outbox.isEmpty() || this.#connection.state === 'failed';
  }

  /**
   * Schedules the first connection at `atMs`. The device starts measuring once it is first
   * connected; from then on its readings follow their own schedule, connected or not, so an
   * outage shows as latency of the readings queued through it.
   */
  start(atMs: number): void {
    this.#connection.start(atMs);
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  #onUp(client: MqttClient, reason: ConnectReason): void {
    if (reason === 'initial' || reason === 'retry') this.#scheduleFirstReading();
    client.on('message', (topic, payload) => this.#answerCommand(client, topic, payload));
    void this.#subscribeCommands(client);
    this.#outbox.flush(client, this.#qos, this.#events);
  }

  #scheduleFirstReading(): void {
    const atMs = this.#ctx.clock.nowMs() + this.random.next() * this.#intervalMs;
    this.#ctx.scheduler.at(atMs, () => this.#read(atMs));
  }

  #read(atMs: number): void {
    const { phase, options, scheduler } = this.#ctx;
    if (!phase.generating) return;

    const seq = ++this.ledger.lastGeneratedSeq;
    const stamp = { deviceId: this.id, seq, sentAtMs: atMs };
    const payload = encodeTelemetry(this.#format, stamp, this.#model.read(atMs));
    if (!this.#outbox.push({ seq, topic: this.#topic, payload })) this.ledger.dropped += 1;
    const client = this.#connection.client;
    if (client !== undefined) this.#outbox.flush(client, this.#qos, this.#events);

    const nextMs = atMs + nextDelayMs(this.#model, this.#intervalMs, options.jitter, this.random);
    scheduler.at(nextMs, () => this.#read(nextMs));
  }

  #onSent(message: OutgoingMessage, first: boolean): void {
    if (!first) return;
    this.ledger.lastSentSeq = message.seq;
    this.#ctx.metrics.notePublish(this.#ctx.clock.nowMs());
  }

  async #subscribeCommands(client: MqttClient): Promise<void> {
    const code = await subscribeCode(client, `devices/${this.id}/commands/#`, this.#qos);
    if (code !== SUBACK_FAILURE) return;
    this.#ctx.metrics.falseDenials += 1;
    this.#ctx.metrics.countError('suback:128');
  }

  #answerCommand(client: MqttClient, topic: string, payload: Buffer): void {
    const command = topic.slice(`devices/${this.id}/commands/`.length);
    client.publish(`devices/${this.id}/replies/${command}`, payload, { qos: this.#qos });
  }
}
