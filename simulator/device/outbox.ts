import type { MqttClient } from 'mqtt';

export interface OutgoingMessage {
  readonly seq: number;
  readonly topic: string;
  readonly payload: string;
}

export interface OutboxEvents {
  /** A message went to the broker; `first` is false for a resend after a reconnect. */
  onSent(message: OutgoingMessage, first: boolean): void;
  /** The broker acknowledged a QoS 1 message. */
  onAcknowledged(message: OutgoingMessage): void;
}

/**
 * Readings not yet sent (a device offline goes on measuring) and QoS 1 messages not yet
 * acknowledged. After a reconnect the unacknowledged ones are sent again, in order, with their
 * numbers: at-least-once, as a real device does it, so duplicates are possible and counted.
 */
export class Outbox {
  readonly #capacity: number;
  #queue: OutgoingMessage[] = [];
  readonly #inflight = new Map<number, OutgoingMessage>();
  #highestSent = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get inflight(): number {
    return this.#inflight.size;
  }

  get queued(): number {
    return this.#queue.length;
  }

  isEmpty(): boolean {
    return this.#queue.length === 0 && this.#inflight.size === 0;
  }

  /** Queues a reading; answers false (dropping it) when the queue is full. */
  push(message: OutgoingMessage): boolean {
    if (this.#queue.length >= this.#capacity) return false;
    this.#queue.push(message);
    return true;
  }

  /** Sends everything queued on `client`. */
  flush(client: MqttClient, qos: 0 | 1, events: OutboxEvents): void {
    const queue = this.#queue;
    this.#queue = [];
    for (const message of queue) this.#send(client, qos, message, events);
  }

  /** Moves unacknowledged messages back to the front of the queue, after a lost connection. */
  requeueInflight(): void {
    const unacknowledged = [...this.#inflight.values()].sort((a, b) => a.seq - b.seq);
    this.#inflight.clear();
    this.#queue = [...unacknowledged, ...this.#queue];
  }

  #send(client: MqttClient, qos: 0 | 1, message: OutgoingMessage, events: OutboxEvents): void {
    const first = message.seq > this.#highestSent;
    if (first) this.#highestSent = message.seq;
    if (qos === 1) this.#inflight.set(message.seq, message);

    client.publish(message.topic, message.payload, { qos }, (error) => {
      // An error means the connection closed first; requeueInflight will send it again.
      if (error || qos === 0) return;
      if (this.#inflight.get(message.seq) !== message) return;
      this.#inflight.delete(message.seq);
      events.onAcknowledged(message);
    });
    events.onSent(message, first);
  }
}
