import { join } from 'node:path';
import type { Fleet } from '../src/fleet/index.js';
import type { SimulationOptions } from './options.js';
import { type LoadedFleet, readFleetFile } from './provision/fleet-file.js';
import { planDevices, planObservers } from './provision/plan-identities.js';
import { type ProvisioningSummary, provisionFleet } from './provision/provision-fleet.js';
import {
  assignGroups,
  type DeviceGroup,
  defaultScenario,
  type Scenario,
  scenarioSize,
} from './scenario/scenario.js';

/** A fleet ready to run: identities with credentials, and each device's group. */
export interface PreparedFleet {
  readonly fleet: LoadedFleet;
  readonly scenario: Scenario;
  readonly groups: readonly DeviceGroup[];
  readonly provisioning: ProvisioningSummary | null;
}

/** Devices provisioned when neither --devices nor a scenario says how many. */
const DEFAULT_PROVISIONED_DEVICES = 100;

export function defaultFleetFile(home: string): string {
  return join(home, 'simulator', 'fleet.json');
}

/**
 * Provisions the fleet (`provision`) or reads it from the fleet file, and assigns each device its
 * group of the scenario (the default one spreads every sensor model over the fleet).
 */
export async function prepareFleet(
  options: SimulationOptions,
  fleet: Fleet,
): Promise<PreparedFleet> {
  const fleetFile = options.fleetFile ?? defaultFleetFile(options.home);
  const wanted =
    options.devices ??
    (options.scenario === undefined ? undefined : scenarioSize(options.scenario));

  let provisioning: ProvisioningSummary | null = null;
  if (options.provision) {
    const count = wanted ?? DEFAULT_PROVISIONED_DEVICES;
    const groups = assignGroups(options.scenario ?? defaultScenario(count), count);
    provisioning = await provisionFleet({
      fleet,
      fleetFile,
      prefix: options.prefix,
      devices: planDevices(options.prefix, options.auth, groups),
      ...planObservers(options.prefix),
      tokenTtlSeconds: options.tokenTtlSeconds,
    });
  }

  const loaded = readFleetFile(fleetFile, wanted);
  const scenario = options.scenario ?? defaultScenario(loaded.devices.length);
  return {
    fleet: loaded,
    scenario,
    groups: assignGroups(scenario, loaded.devices.length),
    provisioning,
  };
}
