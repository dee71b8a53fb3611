import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../simulator/scenario/load-scenario.js';
import { assignGroups, defaultScenario, scenarioSize } from '../../simulator/scenario/scenario.js';
import { checkTopicTemplate, expandTopic } from '../../simulator/scenario/topic-template.js';

function scenarioFile(t: TestContext, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-scenario-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const yamlScenario = `
groups:
  - name: thermostats
    count: 3
    model: sine
    interval: 2s
    topic: devices/{device}/telemetry/{site}/temperature
    qos: 0
    payload: senml
    params: { mean: 21 }
  - name: trucks
    count: 2
    model: gps
    interval: 500ms
    auth: jwt
    role: sim-sensor
    params:
      route: [[52.0, 4.0], [52.1, 4.1]]
`;

describe('scenarios', () => {
  it('reads groups with their own interval, topic, QoS, payload and model parameters', (t) => {
    const scenario = loadScenario(scenarioFile(t, 'fleet.yaml', yamlScenario));
    assert.equal(scenarioSize(scenario), 5);
    const [thermostats, trucks] = scenario.groups;
    assert.deepEqual(
      { interval: thermostats?.intervalMs, qos: thermostats?.qos, payload: thermostats?.payload },
      { interval: 2000, qos: 0, payload: 'senml' },
    );
    assert.equal(trucks?.intervalMs, 500);
    assert.equal(trucks?.topic, 'devices/{device}/telemetry/{model}');
    assert.deepEqual(
      { auth: trucks?.auth, role: trucks?.role },
      { auth: 'jwt', role: 'sim-sensor' },
    );
    assert.deepEqual(
      assignGroups(scenario, 5).map((group) => group.name),
      ['thermostats', 'thermostats', 'thermostats', 'trucks', 'trucks'],
    );
  });

  it('reads the example scenario shipped with the simulator', () => {
    // From dist/test/simulator back to the source tree, where the YAML lives.
    const example = new URL('../../../simulator/examples/city.yaml', import.meta.url);
    const scenario = loadScenario(fileURLToPath(example));
    assert.equal(scenarioSize(scenario), 1000);
    assert.deepEqual(
      scenario.groups.map((group) => group.model),
      ['sine', 'walk', 'gps', 'battery', 'door'],
    );
  });

  it('reads the same from JSON', (t) => {
    const json = JSON.stringify({ groups: [{ name: 'doors', count: 4, model: 'door' }] });
    const scenario = loadScenario(scenarioFile(t, 'fleet.json', json));
    assert.equal(scenario.groups[0]?.model, 'door');
  });

  const bad: [string, string][] = [
    ['groups: []', 'no groups'],
    ['groups: [{ name: a, count: 0, model: walk }]', 'count'],
    ['groups: [{ name: a, count: 1, model: teleporter }]', 'model'],
    ['groups: [{ name: a, count: 1, model: walk, colour: red }]', 'unknown field colour'],
    ["groups: [{ name: a, count: 1, model: walk, topic: 'sensors/{device}' }]", 'must start with'],
    [
      'groups: [{ name: a, count: 1, model: walk, topic: "devices/{device}/telemetry/#" }]',
      'neither',
    ],
    ['groups: [{ name: a, count: 1, model: walk, qos: 2 }]', 'qos'],
    ['groups: [{ name: a, count: 1, model: walk, interval: soon }]', 'invalid'],
    ['groups: [{ name: a, count: 1, model: walk, params: { step: big } }]', 'step'],
    [
      'groups: [{ name: a, count: 1, model: walk }, { name: a, count: 1, model: sine }]',
      'share a name',
    ],
  ];
  for (const [text, why] of bad) {
    it(`refuses a scenario: ${why}`, (t) => {
      const path = scenarioFile(t, 'bad.yaml', text);
      assert.throws(
        () => loadScenario(path),
        (error: Error & { code?: string }) =>
          ['ERR_INVALID_ARGUMENT', 'ERR_INVALID_DURATION'].includes(error.code ?? '') &&
          error.message.includes(why),
      );
    });
  }

  it('spreads every model over the default fleet in near-equal shares', () => {
    const scenario = defaultScenario(20);
    assert.equal(scenarioSize(scenario), 20);
    assert.deepEqual(
      scenario.groups.map((group) => group.count),
      [4, 4, 3, 3, 3, 3],
    );
    assert.equal(defaultScenario(2).groups.length, 2);
  });

  it('expands a topic template with the device, its site, group and model', () => {
    const template = checkTopicTemplate(
      'devices/{device}/telemetry/{site}/{group}/{model}',
      'test',
    );
    const topic = expandTopic(template, {
      device: 'd1',
      site: 'site-01',
      group: 'g',
      model: 'walk',
    });
    assert.equal(topic, 'devices/d1/telemetry/site-01/g/walk');
  });
});
