import { connect as connectTls, type SecureContext, type TLSSocket } from 'node:tls';
import {
  DISCONNECT,
  encodeConnect,
  type Frame,
  FrameReader,
  PACKET,
  PINGREQ,
} from './mqtt-wire.js';

/** Who connects and how: a client certificate (mTLS) or a token over server-only TLS. */
export interface Credentials {
  readonly clientId: string;
  /** Holds the CA, and for mTLS the device certificate and key. */
  readonly secureContext: SecureContext;
  /** For token connects: the JWT sent as the password, the client id as the user name. */
  readonly token?: string;
}

export interface OpenOptions {
  readonly port: number;
  readonly credentials: Credentials;
  readonly localAddress?: string;
  /** A TLS session from an earlier connection: the handshake resumes it when the broker agrees. */
  readonly session?: Buffer;
  readonly timeoutMs: number;
  readonly keepaliveSeconds?: number;
}

export interface OpenedConnection {
  readonly connection: Connection;
  /** From the TCP connect call to the CONNACK, in milliseconds. */
  readonly connectMs: number;
  readonly resumed: boolean;
}

const HOST = '127.0.0.1';
const SERVER_NAME = 'localhost';
const DEFAULT_KEEPALIVE_SECONDS = 300;

/** One MQTT connection over TLS on loopback, speaking only what the scenarios need. */
export class Connection {
  readonly socket: TLSSocket;
  /** The newest TLS session the broker handed out, to resume with next time. */
  session: Buffer | undefined;
  /** performance.now() when the socket closed, or undefined while open. */
  closedAt: number | undefined;
  onFrame: (frame: Frame) => void = () => {};
  readonly closed: Promise<number>;
  readonly #reader = new FrameReader((frame) => this.onFrame(frame));

  constructor(socket: TLSSocket) {
    this.socket = socket;
    socket.on('session', (session: Buffer) => {
      this.session = session;
    });
    socket.on('data', (chunk: Buffer) => this.#reader.push(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.closedAt = performance.now();
        resolve(this.closedAt);
      }),
    );
  }

  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  /**
   * PINGREQ, resolved on its PINGRESP. A broker answers a connection's packets in order, so
   * the answer means it has read everything sent on this connection before. Other frames go
   * on to `onFrame` meanwhile.
   */
  ping(timeoutMs: number): Promise<void> {
    const previous = this.onFrame;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onFrame = previous;
        reject(new Error('no PINGRESP'));
      }, timeoutMs);
      this.onFrame = (frame) => {
        if (frame.type !== PACKET.pingresp) return previous(frame);
        clearTimeout(timer);
        this.onFrame = previous;
        resolve();
      };
      this.write(PINGREQ);
    });
  }

  /** Sends DISCONNECT and ends the socket; resolves when it is closed. */
  disconnect(): Promise<number> {
    if (this.closedAt === undefined && !this.socket.destroyed) this.socket.end(DISCONNECT);
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Opens a TLS connection, sends CONNECT and resolves on CONNACK 0; rejects otherwise. */
export function openConnection(options: OpenOptions): Promise<OpenedConnection> {
  const started = performance.now();
  const { credentials } = options;
  const socket = connectTls({
    host: HOST,
    port: options.port,
    servername: SERVER_NAME,
    secureContext: credentials.secureContext,
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    ...(options.session === undefined ? {} : { session: options.session }),
  });
  socket.setNoDelay(true);
  const connection = new Connection(socket);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('connect timed out')), options.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('secureConnect', () => {
      socket.write(
        encodeConnect({
          clientId: credentials.clientId,
          keepaliveSeconds: options.keepaliveSeconds ?? DEFAULT_KEEPALIVE_SECONDS,
          ...(credentials.token === undefined
            ? {}
            : { username: credentials.clientId, password: credentials.token }),
        }),
      );
    });
    socket.once('error', (error) => fail(error));
    void connection.closed.then(() => fail(new Error('closed before CONNACK')));
    connection.onFrame = (frame) => {
      if (frame.type !== PACKET.connack) return fail(new Error(`packet ${frame.type} first`));
      const returnCode = frame.body[1] ?? -1;
      if (returnCode !== 0) return fail(new Error(`CONNACK ${returnCode}`));
      clearTimeout(timer);
      connection.onFrame = () => {};
      resolve({
        connection,
        connectMs: performance.now() - started,
        resumed: socket.isSessionReused(),
      });
    };
  });
}
