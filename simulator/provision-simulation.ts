import { loadConfig } from '../src/config/index.js';
import { openFleet } from '../src/fleet/index.js';
import { resolveOptions, type SimulationInput } from './options.js';
import { prepareFleet } from './prepare-fleet.js';
import type { ProvisioningSummary } from './provision/provision-fleet.js';

/**
 * Provisions a simulated fleet without running it (`warden simulate --provision --duration 0s`):
 * devices, credentials, the fleet file and the simulator policies in warden.yaml.
 */
export async function provisionSimulation(input: SimulationInput): Promise<ProvisioningSummary> {
  const options = resolveOptions({ ...input, provision: true });
  const fleet = openFleet(loadConfig({ home: options.home }, input.env ?? {}));
  try {
    const prepared = await prepareFleet(options, fleet);
    return prepared.provisioning!;
  } finally {
    fleet.close();
  }
}
