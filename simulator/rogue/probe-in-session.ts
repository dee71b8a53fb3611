import type { MqttClient } from 'mqtt';
import type { RunContext } from '../device/run-context.js';
import type { VirtualDevice } from '../device/virtual-device.js';
import { SUBACK_FAILURE, subscribeCode } from '../net/subscribe-code.js';
import { encodeProbe } from '../payload/probe-payload.js';
import type { ProbeKind } from './probe-ledger.js';

/** How long a probe waits for its device to be connected (it may be refreshing its token). */
const CONNECTED_WAIT_MS = 5000;
const PUBACK_WAIT_MS = 5000;

/**
 * Subscribes beyond the grant on the device's own connection: SUBACK 0x80 is a denial, any
 * granted QoS a leak (unsubscribed at once). A connection the device itself replaced meanwhile
 * proves nothing, so the probe is tried once more on the new one.
 */
export async function probeSubscribe(
  ctx: RunContext,
  rogue: VirtualDevice,
  kind: ProbeKind,
  filter: string,
): Promise<void> {
  const probeId = ctx.probes.attempt(kind, rogue.id);
  for (let tries = 0; tries < 2; tries += 1) {
    const client = await rogue.whenConnected(CONNECTED_WAIT_MS);
    if (client === undefined) break;
    const code = await subscribeCode(client, filter, 0);
    if (code === undefined && rogue.wasReplaced(client)) continue;
    if (code === undefined) break;

    if (code === SUBACK_FAILURE) return ctx.probes.settle(probeId, 'denied');
    ctx.probes.settle(probeId, 'leaked');
    client.unsubscribe(filter);
    return;
  }
  ctx.probes.settle(probeId, 'inconclusive');
}

/**
 * Publishes to the victim's telemetry topic. The monitor decides: it sees the message (a leak)
 * or not by the end of the drain (a denial). The broker may acknowledge and drop it, or close the
 * connection (`onDeniedPublish: disconnect`); only a connection the device closed itself before
 * the acknowledgement leaves the probe inconclusive.
 */
export async function probePublish(ctx: RunContext, rogue: VirtualDevice, victimId: string) {
  const probeId = ctx.probes.attempt('publish-foreign', rogue.id);
  const client = await rogue.whenConnected(CONNECTED_WAIT_MS);
  if (client === undefined) return ctx.probes.settle(probeId, 'inconclusive');

  const topic = `devices/${victimId}/telemetry/probe`;
  const outcome = await publishOutcome(client, topic, encodeProbe(probeId, rogue.id));
  if (outcome === 'closed' && rogue.wasReplaced(client)) ctx.probes.settle(probeId, 'inconclusive');
}

/** Resolves when the QoS 1 publish is acknowledged, the connection closes, or time runs out. */
function publishOutcome(client: MqttClient, topic: string, payload: string) {
  return new Promise<'acknowledged' | 'closed' | 'timeout'>((resolve) => {
    const finish = (outcome: 'acknowledged' | 'closed' | 'timeout') => {
      clearTimeout(timer);
      client.removeListener('close', onClose);
      resolve(outcome);
    };
    const onClose = () => finish('closed');
    const timer = setTimeout(() => finish('timeout'), PUBACK_WAIT_MS);
    client.once('close', onClose);
    client.publish(topic, payload, { qos: 1 }, (error) =>
      finish(error ? 'closed' : 'acknowledged'),
    );
  });
}
