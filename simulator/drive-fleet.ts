import { type AssembledRun, STREAM } from './assemble-run.js';
import { drainRun } from './drain-run.js';
import { REPLIES_FILTER } from './observe/commander.js';
import { createMonitorHandler, MONITOR_FILTER } from './observe/monitor.js';
import { ObserverLink } from './observe/observer-link.js';
import type { PreparedFleet } from './prepare-fleet.js';
import { createRandom, deriveSeed } from './random/prng.js';
import { buildReport } from './report/build-report.js';
import { startProgress } from './report/progress.js';
import type { SimulationReport } from './report/simulation-report.js';
import { SteadyWindow } from './report/steady-window.js';
import { chooseRogues, ProbeSchedule } from './rogue/rogue-plan.js';
import { sleep } from './schedule/clock.js';

/** The first connection starts this long after setup, so the schedule begins on time. */
const START_LEAD_MS = 50;
/** The steady window opens this long after the last device was due to connect. */
const RAMP_SETTLE_MS = 1000;

interface Observers {
  readonly monitor: ObserverLink;
  readonly commander: ObserverLink;
}

/**
 * Drives an assembled run: connect the monitor and the commander → schedule every device's
 * connection open-loop at the connect rate, the commands and the rogue probes → let the load
 * phase run → drain → close every connection → report.
 */
export async function driveFleet(
  run: AssembledRun,
  prepared: PreparedFleet,
): Promise<SimulationReport> {
  const { ctx, devices } = run;
  let phase = 'load';
  prepareTlsContexts(run);
  const observers = await openObservers(run, prepared);
  const stopProgress = startProgress(ctx.options.progress, {
    metrics: ctx.metrics,
    requested: devices.length,
    connected: () => ctx.connected.size,
    phase: () => phase,
  });
  try {
    const startedAt = new Date();
    const cpuAtStart = process.cpuUsage();
    const load = { startMs: ctx.clock.nowMs() + START_LEAD_MS, durationMs: ctx.options.durationMs };
    const steady = new SteadyWindow(ctx.metrics);
    const probes = startLoad(run, observers, load, steady);
    await sleep(Math.max(0, load.startMs + load.durationMs - ctx.clock.nowMs()));

    phase = 'drain';
    steady.end();
    await drainRun(ctx, devices, probes);
    const cpu = process.cpuUsage(cpuAtStart);
    const connectedAtEnd = ctx.connected.size;
    phase = 'close';
    await closeRun(run, observers);

    return buildReport({
      options: ctx.options,
      url: ctx.target.url,
      scenario: prepared.scenario,
      sourceAddresses: ctx.sources.addresses,
      provisioning: prepared.provisioning,
      devices,
      connectedAtEnd,
      metrics: ctx.metrics,
      probes: ctx.probes,
      unansweredCommands: run.commander.unanswered,
      startedAt,
      cpu,
      steadyState: steady.result,
    });
  } finally {
    stopProgress();
    await closeRun(run, observers);
  }
}

/**
 * Builds every device's TLS context before the load: parsing a certificate and key costs about
 * 2 ms (5 ms on a busy machine), which would otherwise stall the event loop during the ramp.
 */
function prepareTlsContexts(run: AssembledRun): void {
  const startedMs = performance.now();
  for (const device of run.devices) void device.tlsContext;
  run.ctx.metrics.tlsSetupMs = performance.now() - startedMs;
}

async function openObservers(run: AssembledRun, prepared: PreparedFleet): Promise<Observers> {
  const { ctx, devices, commander } = run;
  const ledgers = new Map(devices.map((device) => [device.id, device.ledger]));
  const monitorHandler = createMonitorHandler(ctx, ledgers);
  const monitor = await ObserverLink.open(
    ctx,
    prepared.fleet.monitor,
    MONITOR_FILTER,
    monitorHandler,
  );
  try {
    const link = await ObserverLink.open(
      ctx,
      prepared.fleet.commander,
      REPLIES_FILTER,
      commander.onReply,
    );
    return { monitor, commander: link };
  } catch (error) {
    await monitor.close();
    throw error;
  }
}

/** Schedules everything of the load phase; answers the probe schedule, for the drain. */
function startLoad(
  run: AssembledRun,
  observers: Observers,
  load: { startMs: number; durationMs: number },
  steady: SteadyWindow,
): ProbeSchedule {
  const { ctx, devices, commander } = run;
  const { seed, connectRate, roguePercent } = ctx.options;
  for (const [index, device] of devices.entries()) {
    device.start(load.startMs + (index * 1000) / connectRate);
  }

  const rampEndMs = load.startMs + (devices.length * 1000) / connectRate + RAMP_SETTLE_MS;
  if (rampEndMs < load.startMs + load.durationMs) {
    ctx.scheduler.at(rampEndMs, () => steady.begin());
  }
  commander.start(observers.commander);

  const rogues = chooseRogues(devices, roguePercent, createRandom(deriveSeed(seed, STREAM.rogues)));
  const probes = new ProbeSchedule(ctx);
  probes.schedule(rogues, load, createRandom(deriveSeed(seed, STREAM.probes)));
  return probes;
}

/** Stops everything and ends every connection; safe to call twice. */
async function closeRun(run: AssembledRun, observers: Observers): Promise<void> {
  const { ctx, devices } = run;
  ctx.phase.generating = false;
  ctx.phase.closing = true;
  ctx.stopping.abort();
  ctx.scheduler.stop();
  await Promise.all([
    ...devices.map((device) => device.close()),
    observers.monitor.close(),
    observers.commander.close(),
  ]);
}
