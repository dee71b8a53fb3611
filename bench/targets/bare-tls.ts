/**
 * The floor under every Node broker: a bare `node:tls` server with plain aedes' TLS options that
 * answers CONNECT with CONNACK 0 and PINGREQ with PINGRESP, and otherwise only holds the
 * connection. No aedes and no packet library, so its idle memory is what Node's TLS stack costs
 * per connection, and aedes' figure minus this one is what aedes itself adds.
 * Run: node dist/bench/targets/bare-tls.js --home DIR [--port N]
 */
import { createServer, type TLSSocket } from 'node:tls';
import { parseArgs } from 'node:util';
import { type Frame, FrameReader } from '../lib/mqtt-wire.js';
import { referenceTlsOptions } from './tls-options.js';

const CONNECT = 1;
const PINGREQ = 12;
const DISCONNECT = 14;
/** Session present 0, return code 0 (accepted) [MQTT-3.2.2-1]. */
const CONNACK_ACCEPTED = Buffer.from([0x20, 2, 0, 0]);
const PINGRESP = Buffer.from([0xd0, 0]);

const { values } = parseArgs({
  options: { home: { type: 'string' }, port: { type: 'string', default: '0' } },
});
if (values.home === undefined) throw new TypeError('--home DIR is required');

const server = createServer(referenceTlsOptions(values.home));
server.on('connection', (socket) => socket.setNoDelay(true));
server.on('secureConnection', (socket: TLSSocket) => {
  const reader = new FrameReader((frame) => answer(socket, frame));
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', () => socket.destroy());
});
server.on('tlsClientError', (_error, socket) => socket.destroy());

// Nothing is validated: the generator is trusted, and this target measures TLS, not MQTT.
function answer(socket: TLSSocket, frame: Frame): void {
  if (frame.type === CONNECT) socket.write(CONNACK_ACCEPTED);
  else if (frame.type === PINGREQ) socket.write(PINGRESP);
  else if (frame.type === DISCONNECT) socket.end(); // [MQTT-3.14.4-1]
}

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(JSON.stringify({ msg: 'listening', listener: 'mqtts', host: '127.0.0.1', port }));
});

// Connections may still be open; there is no state to save, so no reason to wait for them.
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
