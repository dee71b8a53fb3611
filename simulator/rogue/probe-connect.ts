import type { RunContext } from '../device/run-context.js';
import type { VirtualDevice } from '../device/virtual-device.js';
import { openConnection, type Presentation } from '../net/open-connection.js';
import type { ProbeKind } from './probe-ledger.js';

/**
 * A separate connection the broker must refuse: accepted is a leak (closed at once); a CONNACK
 * refusal or a close before CONNACK is a denial; a timeout or a network error proves nothing.
 */
export async function probeConnect(
  ctx: RunContext,
  rogue: VirtualDevice,
  kind: ProbeKind,
  presentation: Presentation,
): Promise<void> {
  const probeId = ctx.probes.attempt(kind, rogue.id);
  const localAddress = ctx.sources.take();
  const outcome = await openConnection({
    ...presentation,
    target: ctx.target,
    clock: ctx.clock,
    keepaliveSeconds: ctx.options.keepaliveSeconds,
    connectTimeoutMs: ctx.options.connectTimeoutMs,
    ...(localAddress === undefined ? {} : { localAddress }),
    signal: ctx.stopping.signal,
  });
  if (outcome.ok) {
    ctx.probes.settle(probeId, 'leaked');
    outcome.client.end(true);
    return;
  }
  const refused = outcome.kind.startsWith('connack:') || outcome.kind === 'closed';
  ctx.probes.settle(probeId, refused ? 'denied' : 'inconclusive');
}

/** The rogue's own credential with the victim's client id. */
export function takeoverPresentation(
  ctx: RunContext,
  rogue: VirtualDevice,
  victimId: string,
): Presentation {
  if (rogue.identity.auth === 'cert') return { clientId: victimId, tlsContext: rogue.tlsContext };
  return tokenPresentation(ctx, victimId, rogue.token?.value ?? '');
}

/** A token as the password, with the client id (and username) it claims. */
export function tokenPresentation(ctx: RunContext, clientId: string, token: string): Presentation {
  return { clientId, username: clientId, password: token, tlsContext: ctx.serverOnlyTls };
}
