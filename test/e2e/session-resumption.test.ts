import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';

const MQTT_311 = [0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04];
const CLEAN_SESSION = 0x02;
const KEEPALIVE_60S = [0x00, 0x3c];

function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const body = Buffer.from([...MQTT_311, CLEAN_SESSION, ...KEEPALIVE_60S, 0, id.length, ...id]);
  return Buffer.from([0x10, body.length, ...body]);
}

interface Attempt {
  reused: boolean;
  returnCode: number | undefined;
  session: Buffer | undefined;
}

function mqttOverTls(
  port: number,
  options: { ca: Buffer; cert: string; key: string; session?: Buffer },
) {
  return new Promise<Attempt>((resolve) => {
    let session: Buffer | undefined;
    let returnCode: number | undefined;
    let reused = false;
    const socket = tlsConnect({ port, host: 'localhost', servername: 'localhost', ...options });
    socket.on('session', (ticket: Buffer) => {
      session = ticket;
    });
    socket.on('secureConnect', () => {
      reused = socket.isSessionReused();
      socket.write(connectPacket('door-1'));
    });
    socket.on('data', (data: Buffer) => {
      returnCode = data[3];
      socket.end();
    });
    // The broker closes right after a refusing CONNACK; a reset then is expected.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ reused, returnCode, session }));
  });
}

test('a resumed TLS session skips the handshake but not the registry check', async (t) => {
  const home = await createTestHome(t);
  home.fleet.addDevice('door-1');
  const issued = await home.fleet.issueCertificate({ deviceId: 'door-1' });
  const { broker, caPem } = await startTestBroker(t, home);
  const port = broker.addresses.find((a) => a.name === 'mqtts')!.port;
  const credentials = { ca: caPem, cert: issued.certPem, key: issued.keyPem! };

  const first = await mqttOverTls(port, credentials);
  assert.equal(first.reused, false);
  assert.equal(first.returnCode, 0);
  assert.ok(first.session !== undefined, 'the broker issued a session ticket');

  const resumed = await mqttOverTls(port, { ...credentials, session: first.session });
  assert.equal(resumed.reused, true);
  assert.equal(resumed.returnCode, 0);

  home.fleet.revokeCertificate(issued.serial);
  const afterRevocation = await mqttOverTls(port, { ...credentials, session: first.session });
  assert.equal(afterRevocation.reused, true);
  assert.equal(afterRevocation.returnCode, 5);
});
