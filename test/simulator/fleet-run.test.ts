import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { provisionSimulation, runSimulation } from '../../simulator/index.js';
import { loadConfig } from '../../src/config/index.js';
import { startTestBroker } from '../helpers/broker.js';
import { createTestHome } from '../helpers/home.js';

const DEVICES = 200;
const ROGUE_PERCENT = 10;
const PROBES_PER_ROGUE = 7;

describe('a simulated fleet against a real broker', () => {
  it('connects every device with its own identity, loses nothing, denies all probes', async (t) => {
    const home = await createTestHome(t);
    const provisioning = await provisionSimulation({
      home: home.dir,
      devices: DEVICES,
      auth: 'mixed',
      // Shorter than the run: a token device that did not refresh in time would be disconnected.
      tokenTtlSeconds: 6,
    });
    assert.equal(
      provisioning.certificates,
      DEVICES / 2 + 2,
      'half the devices, monitor, commander',
    );
    assert.equal(provisioning.tokens, DEVICES / 2);
    assert.equal(provisioning.policiesWritten, true);

    // The broker starts after provisioning, so it knows the simulator's policies.
    const config = loadConfig({ home: home.dir, mqttsPort: 0, mqttPort: 0 }, {});
    const { mqttsUrl } = await startTestBroker(t, { ...home, config });
    const reportFile = join(home.dir, 'report.json');
    const report = await runSimulation({
      home: home.dir,
      url: mqttsUrl,
      durationMs: 10_000,
      intervalMs: 1000,
      connectRate: 50,
      qos: 1,
      roguePercent: ROGUE_PERCENT,
      tokenTtlSeconds: 6,
      seed: 42,
      reportFile,
    });

    assert.deepEqual(report.devices.requested, DEVICES);
    const errors = JSON.stringify(report.errors);
    assert.equal(report.devices.connected, DEVICES, `all connected (errors: ${errors})`);
    assert.equal(report.devices.failed, 0);
    assert.deepEqual(report.devices.byAuth, { cert: DEVICES / 2, jwt: DEVICES / 2 });

    const { messages } = report;
    assert.ok(messages.published > DEVICES * 3, `published ${messages.published}`);
    assert.equal(messages.lost, 0, 'nothing lost');
    assert.equal(messages.lostAfterAck, 0);
    assert.equal(messages.delivered, messages.published);
    assert.equal(messages.acknowledged, messages.published);
    assert.equal(messages.unexpected, 0);

    assert.ok(report.latencyMs.p50 > 0, 'latency measured');
    assert.equal(report.latencyMs.count, messages.delivered);
    assert.ok(
      report.latencyMs.max >= report.latencyMs.p99 && report.latencyMs.p99 >= report.latencyMs.p50,
    );
    assert.ok(
      report.connectMs.p50 > 0 && report.connectMs.tls.p50 > 0 && report.connectMs.connack.p50 > 0,
    );
    assert.ok(report.throughput.publishedPerSec > 0 && report.throughput.deliveredPerSec > 0);

    assert.ok(report.commands.sent > 0, 'the commander sent commands');
    assert.ok(
      report.commands.answered > 0 && report.commands.rttMs.p50 > 0,
      'and devices answered',
    );
    assert.ok(report.reconnects.tokenRefresh >= DEVICES / 2, 'every token device refreshed');
    assert.equal(report.reconnects.afterDisconnect, 0);

    const { probes } = report;
    assert.equal(probes.attempted, (DEVICES * ROGUE_PERCENT * PROBES_PER_ROGUE) / 100);
    assert.equal(probes.leaked, 0, `leaks: ${JSON.stringify(probes.leaks)}`);
    assert.equal(probes.denied, probes.attempted, `all denied: ${JSON.stringify(probes.byKind)}`);
    assert.equal(probes.falseDenials, 0);
    assert.deepEqual(report.errors, {});

    assert.deepEqual(JSON.parse(readFileSync(reportFile, 'utf8')), report);
  });

  it('keeps private keys and the fleet file owner-only', async (t) => {
    const home = await createTestHome(t);
    await provisionSimulation({ home: home.dir, devices: 2, auth: 'mixed', prefix: 'perm-' });
    const dir = join(home.dir, 'simulator');
    const mode = (path: string) => statSync(join(dir, path)).mode & 0o777;
    assert.equal(mode('fleet.json'), 0o600);
    assert.equal(mode('credentials/perm-00000.key'), 0o600);
    assert.equal(mode('credentials/perm-00000.crt'), 0o644);
    assert.equal(mode('credentials'), 0o700);

    const fleet = JSON.parse(readFileSync(join(dir, 'fleet.json'), 'utf8'));
    assert.deepEqual(
      fleet.devices.map((device: { id: string; auth: string }) => [device.id, device.auth]),
      [
        ['perm-00000', 'cert'],
        ['perm-00001', 'jwt'],
      ],
    );
    assert.equal(home.fleet.registry.getDevice('perm-00001')?.claims['site'], 'site-02');
  });
});
