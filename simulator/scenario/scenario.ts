import type { ModelKind, ModelParams } from '../models/sensor-model.js';
import { modelKinds } from '../models/sensor-model.js';
import type { PayloadFormat } from '../payload/telemetry-payload.js';
import { DEFAULT_TOPIC_TEMPLATE } from './topic-template.js';

/** A group of alike devices: one model, one rate, one topic. */
export interface DeviceGroup {
  readonly name: string;
  readonly count: number;
  readonly model: ModelKind;
  readonly params: ModelParams;
  /** Default: the run's interval. */
  readonly intervalMs?: number;
  /** A template checked by checkTopicTemplate. */
  readonly topic: string;
  /** Default: the run's QoS. */
  readonly qos?: 0 | 1;
  /** Default: the run's payload format. */
  readonly payload?: PayloadFormat;
  /** How provisioning gives this group its identities; default the run's `auth`. */
  readonly auth?: 'cert' | 'jwt';
  /** The `role` claim provisioning gives; default alternates `device` and `sim-sensor`. */
  readonly role?: string;
}

/** A fleet as groups; devices are assigned to groups in order of their index. */
export interface Scenario {
  readonly groups: readonly DeviceGroup[];
}

/** The fleet when no scenario file is given: every model, in equal contiguous shares. */
export function defaultScenario(devices: number): Scenario {
  const share = Math.floor(devices / modelKinds.length);
  const extra = devices % modelKinds.length;
  const groups = modelKinds.map((model, index) => ({
    name: model,
    count: share + (index < extra ? 1 : 0),
    model,
    params: {},
    topic: DEFAULT_TOPIC_TEMPLATE,
  }));
  return { groups: groups.filter((group) => group.count > 0) };
}

export function scenarioSize(scenario: Scenario): number {
  return scenario.groups.reduce((total, group) => total + group.count, 0);
}

/** The group of each device index, `count` of them, in scenario order. */
export function assignGroups(scenario: Scenario, count: number): DeviceGroup[] {
  const assigned: DeviceGroup[] = [];
  for (const group of scenario.groups) {
    for (let i = 0; i < group.count && assigned.length < count; i += 1) assigned.push(group);
  }
  return assigned;
}
