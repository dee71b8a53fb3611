import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';
import {
  addTokenDevice,
  assertStillServing,
  connectToken,
  openRaw,
  subscribe,
} from './fixtures.js';
import {
  decodePublish,
  encodeConnect,
  encodeLength,
  encodePublish,
  PACKET,
  type RawClient,
  readPuback,
} from './raw-client.js';

const MB = 1024 * 1024;
const DECLARED_BYTES = 64 * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const CONNECT_HEADER = 0x10;
const PUBLISH_QOS1_HEADER = 0x32;

/** Streams up to `total` bytes while the broker keeps the socket open; returns what was sent. */
async function streamUntilClosed(client: RawClient, total: number): Promise<number> {
  let sent = 0;
  while (sent < total && !client.isClosed) {
    await client.write(CHUNK);
    sent += CHUNK.length;
    // Broker and sender share this process: let the broker read before writing on.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

test('closes a connection whose first packet declares 64 MB, before buffering it', async (t) => {
  const home = await createTestHome(t);
  const broker = await startTestBroker(t, home);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;

  for (const header of [CONNECT_HEADER, PUBLISH_QOS1_HEADER]) {
    const client = await openRaw(t, broker);
    const startedMs = Date.now();
    await client.write(Buffer.concat([Buffer.from([header]), encodeLength(DECLARED_BYTES)]));
    const sent = await streamUntilClosed(client, DECLARED_BYTES);

    assert.ok(await client.waitClosed(1000), 'closed');
    assert.ok(Date.now() - startedMs < 2000, 'closed promptly');
    assert.ok(sent < DECLARED_BYTES / 4, `the broker stopped reading after ${sent} bytes`);
  }

  const grownBytes = process.memoryUsage().rss - rssBefore;
  assert.ok(grownBytes < 32 * MB, `rss grew by ${Math.round(grownBytes / MB)} MB`);
  assert.equal(broker.broker.metrics.oversizedPackets, 2);
  await assertStillServing(t, home, broker);
});

test('bounds a packet sent right behind the CONNECT by the pre-authentication limit', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);
  const preAuthLimit = home.config.limits.maxPreAuthPacketBytes;

  const client = await openRaw(t, broker);
  const connect = encodeConnect({ clientId: 'd1', username: 'd1', password: token });
  const large = encodePublish({
    topic: 'devices/d1/big',
    payload: Buffer.alloc(preAuthLimit + 1),
    qos: 1,
    packetId: 1,
  });
  await client.write(Buffer.concat([connect, large]));

  assert.ok(await client.waitClosed(), 'closed');
  assert.equal(broker.broker.metrics.oversizedPackets, 1);
});

test('accepts a packet of exactly the limit after authentication, and closes one over it', async (t) => {
  const home = await createTestHome(t);
  const token = await addTokenDevice(home, 'd1');
  const broker = await startTestBroker(t, home);
  const limit = home.config.limits.maxPacketBytes;
  const topic = 'devices/d1/big';
  const bodyOverhead = 2 + Buffer.byteLength(topic) + 2; // topic length, topic, packet id

  const client = await connectToken(t, broker, 'd1', token);
  assert.deepEqual(await subscribe(client, 1, [{ filter: topic, qos: 0 }]), [0]);
  const fits = Buffer.alloc(limit - bodyOverhead, 0x62);
  await client.write(encodePublish({ topic, payload: fits, qos: 1, packetId: 2 }));
  assert.equal(await readPuback(client, 5000), 2, 'a packet of the limit is accepted');
  const echoed = await client.nextOf(PACKET.publish, 5000);
  assert.ok(typeof echoed !== 'string', 'and delivered');
  assert.equal(decodePublish(echoed).payload.length, fits.length);

  const tooLarge = Buffer.alloc(limit - bodyOverhead + 1, 0x63);
  await client.write(encodePublish({ topic, payload: tooLarge, qos: 1, packetId: 3 }));
  assert.ok(await client.waitClosed(), 'one byte more closes the connection');
  assert.equal(broker.broker.metrics.oversizedPackets, 1);
  await assertStillServing(t, home, broker);
});
