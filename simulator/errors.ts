/**
 * The simulator's coded errors, for what goes wrong with the broker it drives rather than with
 * its input (input errors are WardenErrors from src/core). Like them, the code is stable.
 */
export const simulationErrorCodes = {
  ERR_SIM_BROKER_UNREACHABLE: 'the broker could not be reached',
  ERR_SIM_OBSERVER_REFUSED: 'the broker refused the monitor or commander',
  ERR_SIM_FLEET_FILE: 'the fleet file cannot be used',
} as const;

export type SimulationErrorCode = keyof typeof simulationErrorCodes;

export class SimulationError extends Error {
  readonly code: SimulationErrorCode;

  constructor(code: SimulationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulationError';
    this.code = code;
  }
}

/** A wrong command line: the command prints one line and exits with status 2. */
export class SimulateUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulateUsageError';
  }
}
