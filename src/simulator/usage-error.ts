/**
 * A mistake in how the simulator or a fault was asked for (an option, a fault argument); names the
 * field. A module of its own: the caller's side of worker mode (thread/host.ts) throws it without
 * loading the simulator.
 */
export class SimulatorUsageError extends TypeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SimulatorUsageError';
  }
}
