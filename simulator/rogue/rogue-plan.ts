import type { RunContext } from '../device/run-context.js';
import type { VirtualDevice } from '../device/virtual-device.js';
import type { Random } from '../random/prng.js';
import { runProbes, settleAllInconclusive } from './rogue-probes.js';

export interface RoguePlan {
  readonly rogue: VirtualDevice;
  readonly victimId: string;
}

/**
 * Probes start within this share of the load phase, or as soon after as the rogue device is
 * connected (a long connect ramp may not have reached it yet).
 */
const PROBE_WINDOW = { from: 0.3, to: 0.6 } as const;
const OFFLINE_RETRY_MS = 1000;

/**
 * Picks round(devices × percent / 100) rogue devices (a seeded partial shuffle), each with another
 * device as its victim.
 */
export function chooseRogues(
  devices: readonly VirtualDevice[],
  percent: number,
  random: Random,
): RoguePlan[] {
  if (devices.length < 2) return [];
  const count = Math.min(devices.length, Math.round((devices.length * percent) / 100));
  const order = devices.map((_, index) => index);
  for (let i = 0; i < count; i += 1) {
    const j = i + random.index(order.length - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }

  return order.slice(0, count).map((index) => {
    const offset = 1 + random.index(devices.length - 1);
    return { rogue: devices[index]!, victimId: devices[(index + offset) % devices.length]!.id };
  });
}

/**
 * The probes of a run: each rogue's are scheduled at a random moment of the load phase and start
 * once the rogue is connected. The drain waits for those running and settles those that never
 * started as inconclusive.
 */
export class ProbeSchedule {
  readonly #ctx: RunContext;
  readonly #running: Promise<void>[] = [];
  readonly #unstarted = new Set<RoguePlan>();

  constructor(ctx: RunContext) {
    this.#ctx = ctx;
  }

  schedule(
    plans: readonly RoguePlan[],
    load: { startMs: number; durationMs: number },
    random: Random,
  ) {
    for (const plan of plans) {
      this.#unstarted.add(plan);
      const atMs =
        load.startMs + load.durationMs * random.between(PROBE_WINDOW.from, PROBE_WINDOW.to);
      this.#ctx.scheduler.at(atMs, () => this.#start(plan));
    }
  }

  /** Resolves when every started rogue has finished its probes. */
  async finished(): Promise<void> {
    await Promise.all(this.#running);
  }

  /** Records the probes of rogues that never got connected in time, as inconclusive. */
  settleUnstarted(): void {
    for (const plan of this.#unstarted) settleAllInconclusive(this.#ctx, plan.rogue.id);
    this.#unstarted.clear();
  }

  #start(plan: RoguePlan): void {
    const ctx = this.#ctx;
    if (!ctx.phase.generating || !this.#unstarted.has(plan)) return;
    if (plan.rogue.client === undefined) {
      ctx.scheduler.after(OFFLINE_RETRY_MS, () => this.#start(plan));
      return;
    }
    this.#unstarted.delete(plan);
    const probing = runProbes(ctx, plan.rogue, plan.victimId).catch(() => {
      ctx.metrics.countError('probe-failed');
    });
    this.#running.push(probing);
  }
}
