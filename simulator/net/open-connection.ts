import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type SecureContext, type TLSSocket } from 'node:tls';
import { type IClientOptions, MqttClient } from 'mqtt';
import type { Clock } from '../schedule/clock.js';
import type { BrokerTarget } from './broker-target.js';
import { classifyError, type ErrorKind } from './error-kind.js';

/**
 * What one connection presents: a client id, a token as the password, or a client certificate
 * in its TLS context. The context holds the CA too, parsed once (tlsContextFor) and reused:
 * measured here, building one costs 1 ms (CA only) to 2.3 ms (with certificate and key).
 */
export interface Presentation {
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly tlsContext: SecureContext;
}

export interface ConnectRequest extends Presentation {
  readonly target: BrokerTarget;
  readonly clock: Clock;
  readonly keepaliveSeconds: number;
  readonly connectTimeoutMs: number;
  readonly localAddress?: string;
  /** A TLS session from an earlier connection of the same device, to resume. */
  readonly tlsSession?: Buffer;
  /** Aborting it gives up the attempt at once (failure kind `aborted`): the run is closing. */
  readonly signal?: AbortSignal;
}

/** Milliseconds spent in each phase: TCP handshake, TLS handshake, CONNECT → CONNACK. */
export interface ConnectTimings {
  readonly tcpMs: number;
  readonly tlsMs: number;
  readonly connackMs: number;
  readonly totalMs: number;
}

export type ConnectOutcome =
  | {
      readonly ok: true;
      readonly client: MqttClient;
      readonly timings: ConnectTimings;
      /** The latest TLS session of this connection, for the next one to resume. */
      readonly tlsSession: () => Buffer | undefined;
    }
  | { readonly ok: false; readonly kind: ErrorKind };

/**
 * Opens one MQTT 3.1.1 connection on sockets of our own, so that each phase can be timed:
 * TCP connect → TLS handshake (certificate checked against the CA) → CONNECT/CONNACK. mqtt.js
 * speaks MQTT over the stream we build; it never reconnects by itself. Never rejects.
 */
export function openConnection(request: ConnectRequest): Promise<ConnectOutcome> {
  const { clock } = request;
  const startMs = clock.nowMs();
  const marks = { tcpMs: Number.NaN, tlsMs: Number.NaN };
  let session: Buffer | undefined;
  let firstError: unknown;

  const buildStream = () => {
    const tcp = dialTcp(request, () => {
      marks.tcpMs = clock.nowMs();
    });
    tcp.on('error', (error) => {
      firstError ??= error;
    });
    if (request.target.protocol === 'mqtt') return tcp;

    const tls = startTls(tcp, request);
    tls.once('secureConnect', () => {
      marks.tlsMs = clock.nowMs();
    });
    tls.on('session', (value: Buffer) => {
      session = value;
    });
    tls.on('error', (error) => {
      firstError ??= error;
    });
    return tls;
  };

  const client = new MqttClient(buildStream, clientOptions(request));
  return new Promise((resolve) => {
    const settle = (outcome: ConnectOutcome) => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      client.removeListener('connect', onConnect);
      client.removeListener('close', onClose);
      if (!outcome.ok) client.end(true);
      resolve(outcome);
    };
    const onConnect = () => {
      const connackAt = clock.nowMs();
      const secureAt = Number.isNaN(marks.tlsMs) ? marks.tcpMs : marks.tlsMs;
      const timings = {
        tcpMs: marks.tcpMs - startMs,
        tlsMs: secureAt - marks.tcpMs,
        connackMs: connackAt - secureAt,
        totalMs: connackAt - startMs,
      };
      settle({ ok: true, client, timings, tlsSession: () => session });
    };
    const onClose = () => settle({ ok: false, kind: classifyError(firstError) });
    const onAbort = () => settle({ ok: false, kind: 'aborted' });
    const timer = setTimeout(
      () => settle({ ok: false, kind: 'timeout' }),
      request.connectTimeoutMs,
    );

    // A refusal arrives as an error carrying the CONNACK code, just before the close.
    client.on('error', (error) => {
      firstError ??= error;
    });
    client.once('connect', onConnect);
    client.once('close', onClose);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted === true) onAbort();
  });
}

function dialTcp(request: ConnectRequest, onConnect: () => void): Socket {
  const { target, localAddress } = request;
  const socket = connectTcp({
    host: target.host,
    port: target.port,
    noDelay: true,
    ...(localAddress === undefined ? {} : { localAddress }),
  });
  socket.once('connect', onConnect);
  return socket;
}

function startTls(socket: Socket, request: ConnectRequest): TLSSocket {
  const { target } = request;
  return connectTls({
    socket,
    host: target.servername,
    ...(isIP(target.servername) === 0 ? { servername: target.servername } : {}),
    secureContext: request.tlsContext,
    rejectUnauthorized: true,
    ...(request.tlsSession === undefined ? {} : { session: request.tlsSession }),
  });
}

function clientOptions(request: ConnectRequest): IClientOptions {
  return {
    clientId: request.clientId,
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: true,
    keepalive: request.keepaliveSeconds,
    // We reconnect ourselves, with a fresh socket and possibly a fresh token.
    reconnectPeriod: 0,
    // Our own timer decides; mqtt.js's is only a backstop.
    connectTimeout: request.connectTimeoutMs * 2,
    resubscribe: false,
    queueQoSZero: false,
    ...(request.username === undefined ? {} : { username: request.username }),
    ...(request.password === undefined ? {} : { password: request.password }),
  };
}
