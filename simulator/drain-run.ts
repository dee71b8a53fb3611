import type { RunContext } from './device/run-context.js';
import type { VirtualDevice } from './device/virtual-device.js';
import type { ProbeSchedule } from './rogue/rogue-plan.js';
import { waitAtMost, waitUntil } from './schedule/clock.js';

/** The monitor is taken to have everything once it has received nothing for this long. */
const QUIET_MS = 300;

/**
 * Ends the load and lets what is in flight arrive, within the drain budget: stop generating →
 * wait for every device's queue and acknowledgements → wait for the probes (at least one connect
 * timeout) → wait for the monitor to fall quiet → settle publish probes it never saw as denied.
 */
export async function drainRun(
  ctx: RunContext,
  devices: readonly VirtualDevice[],
  probes: ProbeSchedule,
): Promise<void> {
  const { clock, metrics, options } = ctx;
  ctx.phase.generating = false;
  const deadlineMs = clock.nowMs() + options.drainMs;
  const remaining = () => Math.max(0, deadlineMs - clock.nowMs());

  await waitUntil(() => devices.every((device) => device.isDrained()), remaining());
  // Probes are bounded by their connect timeouts; under load they may need longer than the drain.
  const probeBudgetMs = Math.max(remaining(), options.connectTimeoutMs);
  await waitAtMost(probes.finished(), probeBudgetMs);
  probes.settleUnstarted();
  await waitUntil(() => {
    const lastMs = Number.isNaN(metrics.lastDeliveryMs) ? 0 : metrics.lastDeliveryMs;
    return clock.nowMs() - lastMs >= QUIET_MS;
  }, remaining());
  ctx.probes.settlePending();
}
