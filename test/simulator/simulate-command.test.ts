import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { SimulationReport } from '../../simulator/index.js';
import { runSimulateCommand, simulatorPolicyYaml } from '../../simulator/index.js';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function simulate(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = tmpdir()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runSimulateCommand(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  });
  return { status, stdout, stderr };
}

function scratchDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-simcmd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('warden simulate', () => {
  const usage: [string[], string][] = [
    [['--qos', '2'], '--qos'],
    [['--auth', 'password'], '--auth'],
    [['--interval', 'often'], '--interval'],
    [['--devices', '0'], '--devices'],
    [['--rogue', '150'], '--rogue'],
    [['--frobnicate'], 'frobnicate'],
    [['extra'], 'extra'],
    [['--scenario', 'x.yaml', '--devices', '3'], '--scenario'],
    [['--duration', '0s'], '--provision'],
    [['--prefix', 'a/b'], '--prefix'],
    [['--keepalive', '1d'], '--keepalive'],
  ];
  for (const [argv, mention] of usage) {
    it(`answers 2 and one line for ${argv.join(' ')}`, async () => {
      const run = await simulate(argv);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
      assert.match(run.stderr, /^warden: /);
      assert.ok(run.stderr.includes(mention), run.stderr);
    });
  }

  it('prints its usage for --help and answers 0', async () => {
    const run = await simulate(['--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^usage: warden simulate/);
  });

  it('answers 1 and one line when the home is not initialized', async (t) => {
    const dir = scratchDir(t);
    const run = await simulate(['--provision', '--devices', '2'], { WARDEN_HOME: dir });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(run.stderr, /^warden: .*not initialized/);
  });

  it('answers 1 and names the policies when the broker does not know the monitor', async (t) => {
    const home = await createTestHome(t);
    const { mqttsUrl } = await startTestBroker(t, home);
    const run = await simulate(
      ['--home', home.dir, '--provision', '--devices', '2', '--url', mqttsUrl, '--quiet'],
      {},
    );
    assert.equal(run.status, 1);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(run.stderr, /^warden: the broker refused the monitor .*restart the broker/);
  });

  it('refuses a broker off this machine unless told to allow it', async (t) => {
    const home = await createTestHome(t);
    const run = await simulate([
      '--home',
      home.dir,
      '--provision',
      '--devices',
      '1',
      '--url',
      'mqtts://broker.example.com:8883',
    ]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /not a loopback address: add --allow-remote/);
  });

  it('provisions, runs, reports, and runs again from the fleet file', async (t) => {
    const home = await createTestHome(t, simulatorPolicyYaml());
    const { mqttsUrl } = await startTestBroker(t, home);
    const reportFile = join(home.dir, 'report.json');

    const first = await simulate(
      [
        '--provision',
        '--devices',
        '12',
        '--duration',
        '3s',
        '--interval',
        '500ms',
        '--payload',
        'senml',
        '--url',
        mqttsUrl,
        '--report',
        'report.json',
        '--seed',
        '7',
        '--quiet',
      ],
      { WARDEN_HOME: home.dir },
      home.dir,
    );
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.match(first.stdout, /^provisioned 12 devices \(8 certificates, 6 tokens, 0 reused\)/);
    assert.match(first.stdout, /devices {5}12 requested, 12 connected, 0 failed/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as SimulationReport;
    assert.equal(report.messages.lost, 0);
    assert.ok(report.messages.delivered > 0);
    assert.equal(report.run.payload, 'senml');
    assert.equal(report.run.seed, 7);

    // Not --quiet this time, and stderr is no terminal: plain progress lines every 5 s.
    const second = await simulate([
      '--home',
      home.dir,
      '--devices',
      '5',
      '--duration',
      '6s',
      '--interval',
      '500ms',
      '--url',
      mqttsUrl,
      '--json',
    ]);
    assert.equal(second.status, 0, second.stderr);
    const progress = second.stderr.split('\n').filter(Boolean);
    assert.ok(progress.length >= 1, 'at least one progress line');
    assert.ok(
      progress.every((line) => /^\[(load|drain)\] +connected \d\/5 +pub \d+\/s/.test(line)),
    );
    const again = JSON.parse(second.stdout) as SimulationReport;
    assert.equal(again.provisioning, null);
    assert.equal(again.devices.requested, 5);
    assert.equal(again.devices.connected, 5);
    assert.equal(again.messages.lost, 0);
  });

  it('drives token devices over plain MQTT, and refuses certificate devices there', async (t) => {
    const home = await createTestHome(t, simulatorPolicyYaml());
    const { mqttUrl } = await startTestBroker(t, home);
    const base = ['--home', home.dir, '--url', mqttUrl, '--quiet', '--json'];

    const tokens = await simulate([
      ...base,
      '--provision',
      '--auth',
      'jwt',
      '--devices',
      '4',
      '--duration',
      '2s',
      '--interval',
      '500ms',
    ]);
    assert.equal(tokens.status, 0, tokens.stderr);
    const report = JSON.parse(tokens.stdout) as SimulationReport;
    assert.equal(report.devices.connected, 4);
    assert.equal(report.messages.lost, 0);
    assert.equal(report.connectMs.tls.max, 0, 'no TLS on the plain listener');

    const certificates = await simulate([
      ...base,
      '--provision',
      '--auth',
      'cert',
      '--devices',
      '2',
      '--duration',
      '2s',
    ]);
    assert.equal(certificates.status, 1);
    assert.match(
      certificates.stderr,
      /^warden: sim-00000 authenticates with a certificate, which needs mqtts:/,
    );
  });
});
