/**
 * Warden side by side with plain aedes and Mosquitto 2, on this machine, in one run.
 * Run: npm run bench [-- --quick] [-- --targets warden,aedes] [-- --scenarios mtls,qos0]
 * Prints the table and the goals of issue 5; writes bench/results/latest.json, latest.md and
 * the chart of the ratios.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIssueRate } from './issue-rate.js';
import { renderProfiles } from './report/profile-summary.js';
import { describeMachine } from './run/machine.js';
import { type BenchOptions, readOptions, readOrExplain } from './run/options.js';
import { progress } from './run/progress.js';
import { type Run, runTargets } from './run/run-target.js';
import { type Machine, writeResults } from './run/write-results.js';
import { Identities } from './scenarios/context.js';
import { type Provisioned, provision } from './setup/provision.js';
import { ensureMosquitto, mosquittoVersion } from './targets/mosquitto.js';
import { pinGenerator } from './targets/process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const BUSY_LOAD = 2.5;
const MS_PER_SECOND = 1000;
/** CSRs prepared for the CSR mode of the issue rate, reused round-robin. */
const ISSUE_CSRS = 40;

async function main(): Promise<number> {
  const options = readOrExplain(() => readOptions(process.argv.slice(2)));
  if (options === undefined) return 2;
  const started = new Date();
  const loadAtStart = loadavg();
  const mosquitto = options.targets.includes('mosquitto') ? ensureMosquitto() : undefined;
  if ((loadAtStart[0] ?? 0) > BUSY_LOAD) {
    console.error(`warning: load average ${loadAtStart[0]?.toFixed(2)}; figures will be noisy`);
  }

  const run: Run = { profile: options.profile, records: [], notes: [], failures: [], targets: {} };
  const workDir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  let pinned = false;
  try {
    const devices = await provisionDevices(run, options, workDir);
    // Provisioning may use both cores; from here on the generator keeps to its own.
    pinned = pinGenerator(cpus().length);
    await runAll(run, options, workDir, devices, pinned);
  } finally {
    if (options.keep) console.error(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }

  const machine: Machine = {
    ...describeMachine(started, loadAtStart, pinned),
    mosquitto: mosquitto === undefined ? undefined : mosquittoVersion(mosquitto),
  };
  await writeResults(run, machine, RESULTS_DIR, (Date.now() - started.getTime()) / MS_PER_SECOND);
  return run.failures.length === 0 ? 0 : 1;
}

async function provisionDevices(run: Run, options: BenchOptions, workDir: string) {
  const { profile } = options;
  const sizes = {
    connectPool: profile.connectPool,
    idlePool: options.scenarios.includes('idle') ? profile.idleConnections : 0,
  };
  const deviceCount = sizes.connectPool + sizes.idlePool + 1;
  progress(`provisioning ${deviceCount} devices`);
  const devices = await provision(workDir, sizes);
  run.notes.push(`provisioned ${deviceCount} devices in ${devices.seconds.toFixed(1)} s`);
  return devices;
}

async function runAll(
  run: Run,
  options: BenchOptions,
  workDir: string,
  devices: Provisioned,
  pinned: boolean,
) {
  const profileDir = join(workDir, 'profiles');
  if (options.cpuProfile) mkdirSync(profileDir);
  const env = {
    root: ROOT,
    workDir,
    devices,
    identities: new Identities(devices.caPem),
    pinned,
    scenarios: options.scenarios,
    nodeFlags: options.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  };
  await runTargets(run, options.targets, env);
  if (options.targets.includes('mosquitto') && options.scenarios.includes('token')) {
    run.notes.push('mosquitto has no JWT authentication: token connects are Warden and aedes only');
  }
  if (options.targets.includes('warden') && options.scenarios.includes('issue')) {
    await issueRate(run);
  }
  if (options.cpuProfile) console.log(renderProfiles(profileDir));
}

async function issueRate(run: Run): Promise<void> {
  progress('warden: certificates issued per second');
  const result = await runIssueRate({
    maxIterations: run.profile.issueIterations,
    maxSeconds: run.profile.issueSeconds,
    csrCount: ISSUE_CSRS,
  });
  for (const figure of result.figures) {
    run.records.push({
      scenario: `issue-${figure.mode}`,
      target: 'warden',
      metric: 'certificates per second',
      value: figure.perSecond,
      unit: 'certs/s',
    });
  }
}

process.exitCode = await main();
