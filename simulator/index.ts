/**
 * simulator/: the fleet simulator behind `warden simulate`. Thousands of virtual devices, each
 * with its own certificate or token provisioned through the fleet, publish modelled telemetry to
 * a broker; a monitor measures delivery, a commander round trips, rogue devices probe the grants.
 */
export type { SimulateIo } from './command/simulate-command.js';
export {
  EXIT_FAILURE,
  EXIT_SUCCESS,
  EXIT_USAGE,
  runSimulateCommand,
} from './command/simulate-command.js';
export { SIMULATE_USAGE } from './command/simulate-usage.js';
export type { SimulationErrorCode } from './errors.js';
export { SimulateUsageError, SimulationError } from './errors.js';
export type { AuthKind, ProgressSink, SimulationInput, SimulationOptions } from './options.js';
export { defaultOptions } from './options.js';
export { defaultFleetFile } from './prepare-fleet.js';
export type { ProvisioningSummary } from './provision/provision-fleet.js';
export {
  COMMANDER_ROLE,
  MONITOR_ROLE,
  SENSOR_ROLE,
  simulatorPolicies,
  simulatorPolicyYaml,
} from './provision/simulator-policies.js';
export { provisionSimulation } from './provision-simulation.js';
export type { SimulationReport } from './report/simulation-report.js';
export { runSimulation } from './run-simulation.js';
export { loadScenario } from './scenario/load-scenario.js';
export type { DeviceGroup, Scenario } from './scenario/scenario.js';
