/**
 * The baseline: aedes 1.x with no hooks at all (every connect, publish and subscribe allowed),
 * in-memory persistence, over the same TLS as Warden: the broker's certificate, client
 * certificates requested and chained to Warden's CA, Nagle off on every socket. SIGUSR2 destroys
 * every connection at once (the reference the revocation cut is read against).
 * Run: node dist/bench/targets/plain-aedes.js --home DIR [--port N]
 */
import { createServer, type TLSSocket } from 'node:tls';
import { parseArgs } from 'node:util';
import { Aedes } from 'aedes';
import { referenceTlsOptions } from './tls-options.js';

const { values } = parseArgs({
  options: { home: { type: 'string' }, port: { type: 'string', default: '0' } },
});
if (values.home === undefined) throw new TypeError('--home DIR is required');

const broker = await Aedes.createBroker();
const server = createServer(referenceTlsOptions(values.home));
server.on('connection', (socket) => socket.setNoDelay(true));
const sockets = new Set<TLSSocket>();
server.on('secureConnection', (socket: TLSSocket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
  broker.handle(socket);
});
// The bench's reference for revocation: every connection cut at once, with nothing to decide,
// as fast as this machine and the generator can show it.
process.on('SIGUSR2', () => {
  for (const socket of sockets) socket.destroy();
});
server.on('tlsClientError', (_error, socket) => socket.destroy());

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(JSON.stringify({ msg: 'listening', listener: 'mqtts', host: '127.0.0.1', port }));
});

const stop = () => {
  server.close();
  broker.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
