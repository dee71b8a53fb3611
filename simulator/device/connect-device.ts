import type { SecureContext } from 'node:tls';
import { type ConnectOutcome, openConnection } from '../net/open-connection.js';
import type { DeviceIdentity, HeldToken } from '../provision/fleet-file.js';
import { presentIdentity } from './device-credentials.js';
import type { RunContext } from './run-context.js';

export interface DeviceConnectRequest {
  readonly identity: DeviceIdentity;
  readonly token: HeldToken | undefined;
  readonly tlsContext: SecureContext;
  readonly tlsSession: Buffer | undefined;
}

export interface DeviceConnectAttempt {
  readonly outcome: ConnectOutcome;
  /** The token presented, fresh if the held one was about to expire. */
  readonly token: HeldToken | undefined;
  /** The source address used, to avoid it if its ports ran out. */
  readonly localAddress: string | undefined;
}

/**
 * One connection attempt of a device from the next source address, presenting its certificate
 * or token and resuming its last TLS session. A token that cannot be minted counts as the
 * failure `token-mint`. Never rejects.
 */
export async function connectDevice(
  ctx: RunContext,
  request: DeviceConnectRequest,
): Promise<DeviceConnectAttempt> {
  const localAddress = ctx.sources.take();
  let presented: Awaited<ReturnType<typeof presentIdentity>>;
  try {
    presented = await presentIdentity(
      request.identity,
      request.token,
      request.tlsContext,
      ctx.tokens,
      ctx.clock.nowMs(),
    );
  } catch {
    return { outcome: { ok: false, kind: 'token-mint' }, token: request.token, localAddress };
  }

  const outcome = await openConnection({
    ...presented.presentation,
    target: ctx.target,
    clock: ctx.clock,
    keepaliveSeconds: ctx.options.keepaliveSeconds,
    connectTimeoutMs: ctx.options.connectTimeoutMs,
    ...(localAddress === undefined ? {} : { localAddress }),
    ...(request.tlsSession === undefined ? {} : { tlsSession: request.tlsSession }),
    signal: ctx.stopping.signal,
  });
  return { outcome, token: presented.token, localAddress };
}
