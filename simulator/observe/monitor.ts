import type { RunContext } from '../device/run-context.js';
import { decodeMessage } from '../payload/telemetry-payload.js';
import type { DeviceLedger } from '../report/device-ledger.js';
import type { MessageHandler } from './observer-link.js';

/** What the monitor subscribes to; the `sim-monitor` policy grants exactly this. */
export const MONITOR_FILTER = 'devices/+/telemetry/#';

/**
 * The monitor's handler: every telemetry message is matched to its device's ledger (a repeat is
 * a duplicate), its latency is delivery time − intended send time, and a rogue probe's message
 * is a leak.
 */
export function createMonitorHandler(
  ctx: RunContext,
  ledgers: ReadonlyMap<string, DeviceLedger>,
): MessageHandler {
  const { clock, metrics, probes } = ctx;
  return (topic, payload) => {
    const nowMs = clock.nowMs();
    const decoded = decodeMessage(payload);
    if (decoded.kind === 'probe') return probes.sawProbe(decoded.probeId);

    const ledger = ledgers.get(deviceOf(topic));
    if (decoded.kind !== 'telemetry' || ledger === undefined) {
      metrics.unexpected += 1;
      return;
    }
    if (!ledger.received.add(decoded.seq)) {
      ledger.duplicates += 1;
      return;
    }
    metrics.noteDelivery(nowMs, nowMs - decoded.sentAtMs);
  };
}

/** `devices/<id>/telemetry/...` → `<id>`. */
function deviceOf(topic: string): string {
  const start = topic.indexOf('/') + 1;
  const end = topic.indexOf('/', start);
  return topic.slice(start, end < 0 ? undefined : end);
}
