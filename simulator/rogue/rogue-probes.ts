import type { RunContext } from '../device/run-context.js';
import type { VirtualDevice } from '../device/virtual-device.js';
import { tamperToken } from './forged-tokens.js';
import { probeConnect, takeoverPresentation, tokenPresentation } from './probe-connect.js';
import { probePublish, probeSubscribe } from './probe-in-session.js';
import type { ProbeKind } from './probe-ledger.js';

/** Every probe a rogue device makes, once each. */
const PROBES_PER_DEVICE: readonly ProbeKind[] = [
  'subscribe-telemetry-wildcard',
  'subscribe-all',
  'subscribe-foreign-commands',
  'publish-foreign',
  'client-id-takeover',
  'expired-token',
  'tampered-token',
];

/**
 * Runs every probe of one rogue device against `victimId`, in an order that keeps the device's
 * own connection usable as long as possible: subscriptions beyond its grant → a publish to the
 * victim's topic (a broker set to `onDeniedPublish: disconnect` closes the connection here) →
 * separate connections with a stolen client id, an expired token and a tampered token.
 */
export async function runProbes(ctx: RunContext, rogue: VirtualDevice, victimId: string) {
  await probeSubscribe(ctx, rogue, 'subscribe-telemetry-wildcard', 'devices/+/telemetry/#');
  await probeSubscribe(ctx, rogue, 'subscribe-all', '#');
  await probeSubscribe(ctx, rogue, 'subscribe-foreign-commands', `devices/${victimId}/commands/#`);
  await probePublish(ctx, rogue, victimId);
  // The next reading must still arrive: a broker that refuses the forbidden must allow the rest.
  rogue.controlSeq = rogue.ledger.lastGeneratedSeq + 1;

  await probeConnect(ctx, rogue, 'client-id-takeover', takeoverPresentation(ctx, rogue, victimId));
  const expired = await ctx.tokens.expired(rogue.id);
  await probeConnect(ctx, rogue, 'expired-token', tokenPresentation(ctx, rogue.id, expired));
  const valid = rogue.token?.value ?? (await ctx.tokens.mint(rogue.id)).value;
  const tampered = tamperToken(valid, victimId);
  await probeConnect(ctx, rogue, 'tampered-token', tokenPresentation(ctx, victimId, tampered));
}

/** Records every probe of a device that never got to try, as inconclusive. */
export function settleAllInconclusive(ctx: RunContext, deviceId: string): void {
  for (const kind of PROBES_PER_DEVICE) {
    ctx.probes.settle(ctx.probes.attempt(kind, deviceId), 'inconclusive');
  }
}
