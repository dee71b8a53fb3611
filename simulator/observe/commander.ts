import type { ConnectedDevices } from '../device/connected-devices.js';
import type { RunContext } from '../device/run-context.js';
import type { Random } from '../random/prng.js';
import type { ObserverLink } from './observer-link.js';

/** What the commander subscribes to; the `sim-commander` policy grants it. */
export const REPLIES_FILTER = 'devices/+/replies/#';
const MS_PER_SECOND = 1000;

/**
 * Sends `ping` commands to random connected devices as a Poisson process and times each reply:
 * the round trip commander → broker → device → broker → commander.
 */
export class Commander {
  readonly #ctx: RunContext;
  readonly #random: Random;
  readonly #ratePerSecond: number;
  readonly #devices: ConnectedDevices<{ readonly id: string }>;
  readonly #pending = new Map<number, number>();
  #link: ObserverLink | undefined;
  #sent = 0;

  constructor(ctx: RunContext, random: Random, ratePerSecond: number) {
    this.#ctx = ctx;
    this.#random = random;
    this.#ratePerSecond = ratePerSecond;
    this.#devices = ctx.connected;
  }

  /** Commands sent that no reply has answered (yet). */
  get unanswered(): number {
    return this.#pending.size;
  }

  /** Starts sending on `link` until the run stops generating load. */
  start(link: ObserverLink): void {
    this.#link = link;
    if (this.#ratePerSecond > 0) this.#scheduleNext();
  }

  /** The handler for replies. */
  readonly onReply = (_topic: string, payload: Buffer): void => {
    const nowMs = this.#ctx.clock.nowMs();
    const number = readNumber(payload);
    const sentAtMs = number === undefined ? undefined : this.#pending.get(number);
    if (number === undefined || sentAtMs === undefined) return;

    this.#pending.delete(number);
    this.#ctx.metrics.commandsAnswered += 1;
    this.#ctx.metrics.commandRtt.recordMs(nowMs - sentAtMs);
  };

  #scheduleNext(): void {
    const gapMs = this.#random.exponential(MS_PER_SECOND / this.#ratePerSecond);
    this.#ctx.scheduler.after(gapMs, () => {
      if (!this.#ctx.phase.generating) return;
      this.#send();
      this.#scheduleNext();
    });
  }

  #send(): void {
    const device = this.#devices.pick(this.#random);
    if (device === undefined || this.#link?.connected !== true) return;

    const number = ++this.#sent;
    const sentAtMs = this.#ctx.clock.nowMs();
    this.#pending.set(number, sentAtMs);
    this.#ctx.metrics.commandsSent += 1;
    const payload = JSON.stringify({ n: number, t: sentAtMs });
    this.#link.publish(`devices/${device.id}/commands/ping`, payload, this.#ctx.options.qos);
  }
}

function readNumber(payload: Buffer): number | undefined {
  try {
    const parsed = JSON.parse(payload.toString()) as { n?: unknown };
    return typeof parsed.n === 'number' ? parsed.n : undefined;
  } catch {
    return undefined;
  }
}
