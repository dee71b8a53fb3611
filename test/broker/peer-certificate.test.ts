import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { connect, createServer, type SecureVersion, type TLSSocket } from 'node:tls';
import { certificateInSession, peerCertificateDer } from '../../src/broker/peer-certificate.js';
import { createTestHome, type TestHome } from '../helpers/home.js';

interface Presented {
  readonly fromSession: Buffer | undefined;
  readonly fromNode: Buffer | undefined;
  readonly session: Buffer | undefined;
  readonly resumed: boolean;
}

/** A TLS server like the broker's; resolves with what each of `connects` presented. */
async function present(
  home: TestHome,
  client: { cert?: string; key?: string; maxVersion: SecureVersion },
  connects: number,
): Promise<Presented[]> {
  const { paths } = home.config;
  const server = createServer({
    cert: readFileSync(paths.serverCert),
    key: readFileSync(paths.serverKey),
    ca: readFileSync(paths.caCert),
    requestCert: true,
    rejectUnauthorized: false,
  });
  const seen: Presented[] = [];
  server.on('secureConnection', (socket: TLSSocket) => {
    seen.push({
      fromSession: peerCertificateDer(socket),
      fromNode: socket.getPeerX509Certificate()?.raw,
      session: socket.getSession(),
      resumed: socket.isSessionReused(),
    });
    // A byte first: a TLS 1.3 ticket reaches the client with the data after the handshake.
    socket.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let session: Buffer | undefined;
  for (let i = 0; i < connects; i += 1) {
    await new Promise<void>((resolve, reject) => {
      const socket = connect({
        port,
        host: '127.0.0.1',
        ca: readFileSync(paths.caCert),
        ...client,
        ...(session === undefined ? {} : { session }),
        rejectUnauthorized: false,
      });
      socket.on('session', (ticket: Buffer) => {
        session = ticket;
      });
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
  }
  await new Promise((resolve) => server.close(resolve));
  return seen;
}

test('the client certificate read from the TLS session is the one Node reports', async (t) => {
  const home = await createTestHome(t);
  for (const [id, keyType] of [
    ['ec-1', 'ec-p256'],
    ['rsa-1', 'rsa-2048'],
  ] as const) {
    home.fleet.addDevice(id);
    const issued = await home.fleet.issueCertificate({ deviceId: id, keyType });
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const seen = await present(home, { cert: issued.certPem, key: issued.keyPem, maxVersion }, 3);
      assert.equal(seen.length, 3);
      assert.ok(
        seen.some((one) => one.resumed),
        `${keyType} ${maxVersion}: a reconnect resumed`,
      );
      for (const one of seen) {
        assert.ok(one.fromNode !== undefined);
        assert.deepEqual(one.fromSession, one.fromNode, `${keyType} ${maxVersion}`);
        assert.deepEqual(
          one.session === undefined ? undefined : certificateInSession(one.session),
          one.fromNode,
          `${keyType} ${maxVersion}: read from the session, not the fallback`,
        );
      }
    }
  }
});

test('no client certificate reads as none; damaged sessions read as nothing, never throw', async (t) => {
  const home = await createTestHome(t);
  const [bare] = await present(home, { maxVersion: 'TLSv1.3' }, 1);
  assert.equal(bare?.fromSession, undefined);
  assert.equal(bare?.fromNode, undefined);

  home.fleet.addDevice('ec-1');
  const issued = await home.fleet.issueCertificate({ deviceId: 'ec-1', keyType: 'ec-p256' });
  const [one] = await present(
    home,
    { cert: issued.certPem, key: issued.keyPem, maxVersion: 'TLSv1.3' },
    1,
  );
  const session = one?.session;
  assert.ok(session !== undefined);
  for (let length = 0; length < session.length; length += 1) {
    assert.equal(certificateInSession(session.subarray(0, length)), undefined, `${length} bytes`);
  }
  for (let at = 0; at < session.length; at += 7) {
    const damaged = Buffer.from(session);
    damaged[at] = (damaged[at] as number) ^ 0xff;
    const read = certificateInSession(damaged);
    assert.ok(read === undefined || read.length < session.length, `byte ${at}`);
  }
  assert.equal(certificateInSession(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff])), undefined);
  assert.equal(certificateInSession(Buffer.alloc(0)), undefined);
});
