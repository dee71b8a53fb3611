import { isIP } from 'node:net';
import { WardenError } from '../../src/core/index.js';

/** Where the devices connect, and how the server certificate is checked. */
export interface BrokerTarget {
  readonly protocol: 'mqtts' | 'mqtt';
  /** An address to dial; `localhost` is dialled as 127.0.0.1 so source addresses can spread. */
  readonly host: string;
  readonly port: number;
  /** The name the server certificate must carry (SNI and verification). */
  readonly servername: string;
  readonly loopback: boolean;
  /** The URL as given, for the report. */
  readonly url: string;
}

const DEFAULT_PORTS = { mqtts: 8883, mqtt: 1883 } as const;

/**
 * Parses `mqtts://host:port` or `mqtt://host:port`. A broker off this machine is refused unless
 * `allowRemote`: a load generator should not reach a shared broker by a typo. Throws
 * ERR_INVALID_ARGUMENT.
 */
export function parseBrokerTarget(url: string, allowRemote: boolean): BrokerTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WardenError('ERR_INVALID_ARGUMENT', `--url ${JSON.stringify(url)} is not a URL`);
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'mqtts' && protocol !== 'mqtt') {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      '--url must be mqtts://host:port or mqtt://host:port',
    );
  }

  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = isLoopback(hostname);
  if (!loopback && !allowRemote) {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      `${hostname} is not a loopback address: add --allow-remote to load a broker on another host`,
    );
  }
  return {
    protocol,
    host: hostname === 'localhost' ? '127.0.0.1' : hostname,
    port: parsed.port === '' ? DEFAULT_PORTS[protocol] : Number(parsed.port),
    servername: hostname,
    loopback,
    url,
  };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
