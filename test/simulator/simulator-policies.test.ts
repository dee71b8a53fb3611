import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import {
  ensureSimulatorPolicies,
  simulatorPolicies,
  simulatorPolicyYaml,
} from '../../simulator/provision/simulator-policies.js';
import { loadConfig } from '../../src/config/index.js';

function emptyHome(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-simpolicy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('simulator policies', () => {
  it('writes the device policy and the simulator roles into a home without warden.yaml', (t) => {
    const home = emptyHome(t);
    assert.equal(ensureSimulatorPolicies(home), true);
    const { policies } = loadConfig({ home }, {});
    assert.deepEqual(Object.keys(policies).sort(), [
      'device',
      'sim-commander',
      'sim-monitor',
      'sim-sensor',
    ]);
    assert.deepEqual(policies['sim-monitor']?.subscribe, ['devices/+/telemetry/#']);
    assert.equal(statSync(join(home, 'warden.yaml')).mode & 0o777, 0o644);
  });

  it('adds only what is missing, keeps the file and its comments, and is idempotent', (t) => {
    const home = emptyHome(t);
    const original = [
      '# our broker',
      'onDeniedPublish: disconnect',
      'policies:',
      '  device:              # narrower than the default',
      '    publish:',
      "      - 'devices/{device}/telemetry/#'",
      '  sim-monitor:',
      '    subscribe:',
      "      - 'devices/+/telemetry/#'",
      '',
    ].join('\n');
    writeFileSync(join(home, 'warden.yaml'), original, { mode: 0o640 });

    assert.equal(ensureSimulatorPolicies(home), true);
    const text = readFileSync(join(home, 'warden.yaml'), 'utf8');
    assert.ok(text.includes('# our broker') && text.includes('# narrower than the default'));
    const config = loadConfig({ home }, {});
    assert.equal(config.onDeniedPublish, 'disconnect');
    assert.deepEqual(config.policies['device']?.publish, ['devices/{device}/telemetry/#']);
    assert.deepEqual(
      config.policies['sim-sensor']?.publish,
      simulatorPolicies['sim-sensor'].publish,
    );
    assert.equal(statSync(join(home, 'warden.yaml')).mode & 0o777, 0o640);

    assert.equal(ensureSimulatorPolicies(home), false);
    assert.equal(readFileSync(join(home, 'warden.yaml'), 'utf8'), text);
  });

  it('gives the same policies as YAML for a home written by hand', (t) => {
    const home = emptyHome(t);
    writeFileSync(join(home, 'warden.yaml'), simulatorPolicyYaml());
    assert.equal(ensureSimulatorPolicies(home), false);
  });
});
