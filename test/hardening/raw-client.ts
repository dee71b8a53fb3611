import { connect as connectTcp, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';

/**
 * A byte-level MQTT 3.1.1 client for hardening tests: it writes whatever bytes a test builds
 * (malformed on purpose) and splits what the broker sends back into packets. No validation,
 * no retries, no keepalive: the broker under test is the only judge.
 */

export const PACKET = {
  connect: 1,
  connack: 2,
  publish: 3,
  puback: 4,
  subscribe: 8,
  suback: 9,
} as const;

const CONNECT_FLAG = {
  username: 0x80,
  password: 0x40,
  willRetain: 0x20,
  will: 0x04,
  clean: 0x02,
} as const;
const WILL_QOS_SHIFT = 3;
const PROTOCOL_LEVEL_311 = 4;
const SUBSCRIBE_FIXED_FLAGS = 0x02; // [MQTT-3.8.1-1]
const DEFAULT_WAIT_MS = 3000;

export interface RawPacket {
  readonly type: number;
  readonly flags: number;
  readonly body: Buffer;
}

export type Text = string | Uint8Array;

export interface WillSpec {
  readonly topic: Text;
  readonly payload?: Text;
  /** Written into the flags as given, 3 included. */
  readonly qos?: number;
  readonly retain?: boolean;
}

export interface ConnectSpec {
  readonly clientId: Text;
  readonly clean?: boolean;
  readonly keepaliveSeconds?: number;
  readonly username?: Text;
  readonly password?: Text;
  readonly will?: WillSpec;
  /** Forces flag bits on whatever the fields imply, e.g. a password flag without its field. */
  readonly extraFlags?: number;
}

export interface PublishSpec {
  readonly topic: Text;
  readonly payload?: Text;
  readonly qos?: 0 | 1 | 2;
  readonly retain?: boolean;
  /** Required for QoS 1 and 2; 0 is written as given. */
  readonly packetId?: number;
}

export interface ReceivedPublish {
  /** The topic exactly as the broker wrote it. */
  readonly topic: Buffer;
  readonly payload: Buffer;
  readonly qos: number;
  readonly retain: boolean;
}

/** The MQTT remaining-length varint [MQTT-2.2.3]. */
export function encodeLength(length: number): Buffer {
  const bytes: number[] = [];
  let left = length;
  do {
    let byte = left % 128;
    left = Math.floor(left / 128);
    if (left > 0) byte |= 0x80;
    bytes.push(byte);
  } while (left > 0);
  return Buffer.from(bytes);
}

/** A length-prefixed string; bytes are written raw, so they may be invalid UTF-8 [MQTT-1.5.3]. */
export function encodeString(text: Text): Buffer {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(bytes.length);
  return Buffer.concat([prefix, bytes]);
}

export function encodePacket(type: number, flags: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(type << 4) | flags]), encodeLength(body.length), body]);
}

export function encodeConnect(spec: ConnectSpec): Buffer {
  const will = spec.will;
  let flags = spec.extraFlags ?? 0;
  if (spec.clean !== false) flags |= CONNECT_FLAG.clean;
  if (spec.username !== undefined) flags |= CONNECT_FLAG.username;
  if (spec.password !== undefined) flags |= CONNECT_FLAG.password;
  if (will !== undefined) {
    flags |= CONNECT_FLAG.will | ((will.qos ?? 0) << WILL_QOS_SHIFT);
    if (will.retain === true) flags |= CONNECT_FLAG.willRetain;
  }
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(spec.keepaliveSeconds ?? 60);

  const parts = [
    encodeString('MQTT'),
    Buffer.from([PROTOCOL_LEVEL_311, flags]),
    keepalive,
    encodeString(spec.clientId),
  ];
  if (will !== undefined) parts.push(encodeString(will.topic), encodeString(will.payload ?? ''));
  if (spec.username !== undefined) parts.push(encodeString(spec.username));
  if (spec.password !== undefined) parts.push(encodeString(spec.password));
  return encodePacket(PACKET.connect, 0, Buffer.concat(parts));
}

export function encodeSubscribe(
  packetId: number,
  filters: readonly { filter: Text; qos?: number }[],
): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  const entries = filters.map(({ filter, qos }) =>
    Buffer.concat([encodeString(filter), Buffer.from([qos ?? 0])]),
  );
  return encodePacket(PACKET.subscribe, SUBSCRIBE_FIXED_FLAGS, Buffer.concat([id, ...entries]));
}

export function encodePublish(spec: PublishSpec): Buffer {
  const qos = spec.qos ?? 0;
  const flags = (qos << 1) | (spec.retain === true ? 1 : 0);
  const parts = [encodeString(spec.topic)];
  if (qos > 0) {
    const id = Buffer.alloc(2);
    id.writeUInt16BE(spec.packetId ?? 1);
    parts.push(id);
  }
  const payload = spec.payload ?? '';
  parts.push(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload));
  return encodePacket(PACKET.publish, flags, Buffer.concat(parts));
}

export function decodePublish(packet: RawPacket): ReceivedPublish {
  const qos = (packet.flags >> 1) & 0x03;
  const topicLength = packet.body.readUInt16BE(0);
  const topic = packet.body.subarray(2, 2 + topicLength);
  const payloadStart = 2 + topicLength + (qos > 0 ? 2 : 0);
  return {
    topic,
    payload: packet.body.subarray(payloadStart),
    qos,
    retain: (packet.flags & 1) === 1,
  };
}

export interface RawTarget {
  readonly port: number;
  readonly host?: string;
  /** Present: connect over TLS with these options. */
  readonly tls?: ConnectionOptions;
}

/** Reads a `mqtt://host:port` or `mqtts://host:port` URL into a target. */
export function targetOf(url: string, tls?: ConnectionOptions): RawTarget {
  const parsed = new URL(url);
  return tls === undefined
    ? { host: parsed.hostname, port: Number(parsed.port) }
    : {
        host: parsed.hostname,
        port: Number(parsed.port),
        tls: { servername: parsed.hostname, ...tls },
      };
}

export class RawClient {
  readonly #socket: Socket;
  readonly #packets: RawPacket[] = [];
  #pending = Buffer.alloc(0);
  #closed = false;
  readonly #waiters = new Set<() => void>();

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#take(chunk));
    socket.on('close', () => {
      this.#closed = true;
      this.#notify();
    });
    // A reset from the broker is an expected answer here; `close` follows it.
    socket.on('error', () => undefined);
  }

  /** Opens a connection; resolves once TCP (and TLS, when asked) is up. */
  static open(target: RawTarget): Promise<RawClient> {
    const host = target.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const socket =
        target.tls === undefined
          ? connectTcp({ host, port: target.port })
          : connectTls({ host, port: target.port, ...target.tls });
      const ready = target.tls === undefined ? 'connect' : 'secureConnect';
      socket.once(ready, () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed || this.#socket.destroyed) return resolve();
      this.#socket.write(bytes, () => resolve());
    });
  }

  /** The next packet, or 'closed' when the broker closed first, or 'timeout'. */
  async next(timeoutMs = DEFAULT_WAIT_MS): Promise<RawPacket | 'closed' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const packet = this.#packets.shift();
      if (packet !== undefined) return packet;
      if (this.#closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await this.#waitForChange(left);
    }
  }

  /** The next packet of `type`, skipping others (e.g. PUBLISH while waiting for a SUBACK). */
  async nextOf(
    type: number,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<RawPacket | 'closed' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.#packets.findIndex((p) => p.type === type);
      if (index >= 0) return this.#packets.splice(index, 1)[0] as RawPacket;
      if (this.#closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await this.#waitForChange(left);
    }
  }

  /** Every PUBLISH received so far, removed from the queue. */
  takePublishes(): ReceivedPublish[] {
    const publishes = this.#packets.filter((p) => p.type === PACKET.publish);
    this.#packets.splice(
      0,
      this.#packets.length,
      ...this.#packets.filter((p) => p.type !== PACKET.publish),
    );
    return publishes.map(decodePublish);
  }

  /** Resolves true once the broker has closed the connection, false after `timeoutMs`. */
  async waitClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.#waitForChange(left);
    }
    return true;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #take(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const packet = this.#split();
      if (packet === undefined) break;
      this.#packets.push(packet);
    }
    this.#notify();
  }

  #split(): RawPacket | undefined {
    const buffer = this.#pending;
    let length = 0;
    let multiplier = 1;
    let at = 1;
    for (;;) {
      if (at >= buffer.length) return undefined;
      const byte = buffer[at++] as number;
      length += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      if ((byte & 0x80) === 0) break;
    }
    if (buffer.length < at + length) return undefined;
    const first = buffer[0] as number;
    this.#pending = buffer.subarray(at + length);
    return { type: first >> 4, flags: first & 0x0f, body: buffer.subarray(at, at + length) };
  }

  #waitForChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.#waiters.add(wake);
    });
  }

  #notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

/** What the broker answered a CONNECT with: a return code, or closing without a CONNACK. */
export async function readConnack(
  client: RawClient,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<number | 'closed' | 'timeout'> {
  const packet = await client.next(timeoutMs);
  if (typeof packet === 'string') return packet;
  if (packet.type !== PACKET.connack || packet.body.length !== 2) {
    throw new Error(`expected a CONNACK, got packet type ${packet.type}`);
  }
  return packet.body[1] as number;
}

/** The SUBACK return codes for `packetId`, or how the connection ended instead. */
export async function readSuback(
  client: RawClient,
  packetId: number,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<number[] | 'closed' | 'timeout'> {
  const packet = await client.nextOf(PACKET.suback, timeoutMs);
  if (typeof packet === 'string') return packet;
  const id = packet.body.readUInt16BE(0);
  if (id !== packetId) throw new Error(`SUBACK for packet ${id}, expected ${packetId}`);
  return [...packet.body.subarray(2)];
}

/** The packet id of the next PUBACK, or how the connection ended instead. */
export async function readPuback(
  client: RawClient,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<number | 'closed' | 'timeout'> {
  const packet = await client.nextOf(PACKET.puback, timeoutMs);
  if (typeof packet === 'string') return packet;
  return packet.body.readUInt16BE(0);
}
