/**
 * The few MQTT 3.1.1 packets the load generator sends, encoded by hand, and a frame splitter for
 * what comes back. A generator must cost far less than the broker it measures; a full client
 * library parses every packet into objects, which on one core caps out before aedes does.
 */

export const PACKET = {
  connack: 2,
  publish: 3,
  puback: 4,
  suback: 9,
  pingresp: 13,
} as const;

const PROTOCOL_NAME = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54]); // "MQTT"
const PROTOCOL_LEVEL_311 = 4;
const FLAG_USERNAME = 0x80;
const FLAG_PASSWORD = 0x40;
const FLAG_CLEAN = 0x02;
const MAX_ONE_BYTE_LENGTH = 127;

export interface ConnectFields {
  clientId: string;
  username?: string;
  password?: string;
  keepaliveSeconds: number;
}

function lengthBytes(length: number): number[] {
  const bytes: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return bytes;
}

function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte, ...lengthBytes(body.length)]), body]);
}

function utf8Field(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function encodeConnect(fields: ConnectFields): Buffer {
  let flags = FLAG_CLEAN;
  const payload = [utf8Field(fields.clientId)];
  if (fields.username !== undefined) {
    flags |= FLAG_USERNAME;
    payload.push(utf8Field(fields.username));
  }
  if (fields.password !== undefined) {
    flags |= FLAG_PASSWORD;
    payload.push(utf8Field(fields.password));
  }
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(fields.keepaliveSeconds);
  const variable = Buffer.concat([
    PROTOCOL_NAME,
    Buffer.from([PROTOCOL_LEVEL_311, flags]),
    keepalive,
  ]);
  return packet(0x10, Buffer.concat([variable, ...payload]));
}

export function encodeSubscribe(messageId: number, filter: string, qos: 0 | 1): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(messageId);
  return packet(0x82, Buffer.concat([id, utf8Field(filter), Buffer.from([qos])]));
}

/** A PUBLISH; for QoS 1 the packet id sits at `idOffset` so a template can be re-stamped. */
export function encodePublish(topic: string, payload: Buffer, qos: 0 | 1) {
  const id = qos === 1 ? Buffer.alloc(2) : Buffer.alloc(0);
  const body = Buffer.concat([utf8Field(topic), id, payload]);
  const bytes = packet(0x30 | (qos << 1), body);
  const headerLength = bytes.length - body.length;
  const topicLength = 2 + Buffer.byteLength(topic);
  return {
    bytes,
    idOffset: headerLength + topicLength,
    payloadOffset: bytes.length - payload.length,
  };
}

export function encodePuback(messageId: number): Buffer {
  return Buffer.from([0x40, 2, messageId >> 8, messageId & 0xff]);
}

export const DISCONNECT = Buffer.from([0xe0, 0]);
export const PINGREQ = Buffer.from([0xc0, 0]);

/** One MQTT control packet as it arrived: its type, flags and body (a view, not a copy). */
export interface Frame {
  type: number;
  flags: number;
  body: Buffer;
}

/**
 * Splits a byte stream into frames. Only a partial frame at the end of a chunk is copied; the
 * frames handed to `onFrame` are views into the chunk and valid only during the call.
 */
export class FrameReader {
  #pending: Buffer | undefined;

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  push(chunk: Buffer): void {
    const data = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#pending = undefined;
    let offset = 0;
    while (offset < data.length) {
      const header = readHeader(data, offset);
      if (header === undefined || header.end > data.length) break;
      const first = data[offset] ?? 0;
      this.onFrame({
        type: first >> 4,
        flags: first & 0x0f,
        body: data.subarray(header.start, header.end),
      });
      offset = header.end;
    }
    if (offset < data.length) this.#pending = Buffer.from(data.subarray(offset));
  }
}

function readHeader(data: Buffer, offset: number): { start: number; end: number } | undefined {
  let length = 0;
  let multiplier = 1;
  for (let index = offset + 1; index < data.length && index <= offset + 4; index += 1) {
    const byte = data[index] ?? 0;
    length += (byte & MAX_ONE_BYTE_LENGTH) * multiplier;
    if ((byte & 0x80) === 0) return { start: index + 1, end: index + 1 + length };
    multiplier *= 128;
  }
  return undefined;
}

/** The packet id of a QoS 1 PUBLISH body, or 0 for QoS 0. */
export function publishMessageId(frame: Frame): number {
  if (((frame.flags >> 1) & 3) === 0) return 0;
  const topicLength = frame.body.readUInt16BE(0);
  return frame.body.readUInt16BE(2 + topicLength);
}

/** Where the payload of a PUBLISH body starts. */
export function publishPayloadOffset(frame: Frame): number {
  const topicLength = frame.body.readUInt16BE(0);
  const qos = (frame.flags >> 1) & 3;
  return 2 + topicLength + (qos > 0 ? 2 : 0);
}
