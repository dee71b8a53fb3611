import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PacketSizeGuard } from '../../src/broker/packet-size-guard.js';
import { encodeLength } from './raw-client.js';

const LIMIT = 1000;
const PUBLISH = 0x30;
const PINGREQ = [0xc0, 0x00];

function packet(bodyBytes: number): Buffer {
  return Buffer.concat([
    Buffer.from([PUBLISH]),
    encodeLength(bodyBytes),
    Buffer.alloc(bodyBytes, 0x2f),
  ]);
}

/** Feeds `stream` cut at `cuts` and returns the first fault, if any. */
function feed(guard: PacketSizeGuard, stream: Buffer, cuts: number[]): string | undefined {
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    const fault = guard.inspect(stream.subarray(from, to));
    if (fault !== undefined) return fault;
    from = to;
  }
  return undefined;
}

/** Every way to cut `stream` once, and every way to cut it into single bytes. */
function cutsOf(stream: Buffer): number[][] {
  const single = Array.from({ length: stream.length - 1 }, (_, i) => [i + 1]);
  const bytewise = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
  return [[], ...single, bytewise];
}

test('passes packets within the limit however the stream is cut', () => {
  const stream = Buffer.concat([
    packet(0),
    packet(127),
    packet(128),
    Buffer.from(PINGREQ),
    packet(LIMIT),
  ]);
  for (const cuts of cutsOf(stream)) {
    assert.equal(feed(new PacketSizeGuard(() => LIMIT), stream, cuts), undefined, `cuts ${cuts}`);
  }
});

test('refuses a packet one byte over the limit however its header and varint are cut', () => {
  const header = Buffer.concat([Buffer.from([PUBLISH]), encodeLength(LIMIT + 1)]);
  const stream = Buffer.concat([packet(3), header]);
  for (const cuts of cutsOf(stream)) {
    const fault = feed(new PacketSizeGuard(() => LIMIT), stream, cuts);
    assert.match(fault ?? '', /declared length 1001 exceeds 1000/, `cuts ${cuts}`);
  }
});

test('refuses by the declared length alone, before any of the body arrives', () => {
  const guard = new PacketSizeGuard(() => LIMIT);
  const declared64Mb = Buffer.concat([Buffer.from([0x10]), encodeLength(64 * 1024 * 1024)]);

  assert.equal(guard.inspect(declared64Mb.subarray(0, 3)), undefined);
  assert.match(guard.inspect(declared64Mb.subarray(3)) ?? '', /declared length 67108864/);
});

test('refuses a remaining length longer than four bytes', () => {
  const malformed = Buffer.from([PUBLISH, 0xff, 0xff, 0xff, 0xff, 0x01]);
  for (const cuts of cutsOf(malformed)) {
    const guard = new PacketSizeGuard(() => Number.MAX_SAFE_INTEGER);
    assert.equal(feed(guard, malformed, cuts), 'malformed remaining length', `cuts ${cuts}`);
  }
});

test('reads the limit per packet, so it can grow after authentication', () => {
  let limit = 100;
  const guard = new PacketSizeGuard(() => limit);

  assert.equal(guard.inspect(packet(100)), undefined);
  assert.match(guard.inspect(packet(101).subarray(0, 2)) ?? '', /exceeds 100/);

  const grown = new PacketSizeGuard(() => limit);
  assert.equal(grown.inspect(packet(50)), undefined);
  limit = 500;
  assert.equal(grown.inspect(packet(500)), undefined);
});

test('keeps counting a body split across many chunks before reading the next header', () => {
  const guard = new PacketSizeGuard(() => LIMIT);
  const body = packet(LIMIT);

  for (let at = 0; at < body.length; at += 7) {
    assert.equal(guard.inspect(body.subarray(at, Math.min(at + 7, body.length))), undefined);
  }
  // Had the guard lost its place inside the body, 0x2f bytes would read as headers here.
  assert.match(guard.inspect(Buffer.from([PUBLISH, 0xe9, 0x07])) ?? '', /exceeds/);
});
