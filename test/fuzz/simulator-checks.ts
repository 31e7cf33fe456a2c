/** What the generated-request tests share: the methods they call, and the checks after each batch (the simulator did not fail on its own, its state is whole). */
import { expect } from 'vitest';
import { schemaFiles } from '../../src/generated/schema-files.js';
import type { Simulator } from '../../src/simulator.js';
import type { RpcConnection } from '../simulator/helpers.js';
import { withSeed } from './settings.js';

export const FUZZ_VERSION = 'v25.10.0';
export const FUZZ_SCHEMA = schemaFiles[FUZZ_VERSION]!;

/** Methods that reboot a controller or move the MASTER: called with valid arguments they would test only that (tested elsewhere). */
export const POWER_METHODS: ReadonlySet<string> = new Set([
  'failover.become_passive',
  'failover.reboot.other_node',
  'failover.upgrade',
  'failover.sync_to_peer',
  'failover.force_master',
  'failover.control',
]);

/** Every other method of the fuzzed version. */
export const SAFE_METHODS = FUZZ_SCHEMA.methods.map((m) => m.name).filter((name) => !POWER_METHODS.has(name));

/**
 * Whether an error the simulator sent is its own failure: a JavaScript exception in its code is
 * reported like an unadapted Python exception of class `Exception`; the failures it mimics on
 * purpose (KeyError, MatchNotFound, …) name their class.
 */
export function ownFailure(trace: string | undefined): boolean {
  return trace !== undefined && /^Exception: /m.test(trace);
}

/** The pair is whole and consistent with what it serves: status, VIP, configuration. */
export async function checkConsistent(sim: Simulator, c: RpcConnection): Promise<void> {
  const state = sim.state();
  expect(() => JSON.stringify(state)).not.toThrow();
  expect(state.nodes.A.power, withSeed('A is up')).toBe('up');
  expect(state.nodes.B?.power, withSeed('B is up')).toBe('up');
  const master = (['A', 'B'] as const).filter((n) => state.nodes[n]?.status === 'MASTER');
  expect(master.length, withSeed('one MASTER')).toBe(1);
  expect(state.vip.holder, withSeed('the VIP follows the MASTER')).toBe(master[0]);
  expect(await c.call('failover.status'), withSeed('status over the wire')).toBe('MASTER');
  expect(await c.call('failover.node'), withSeed('node over the wire')).toBe(master[0]);
  const config = await c.call<Record<string, unknown>>('failover.config');
  expect(config, withSeed('configuration over the wire')).toMatchObject({
    disabled: state.nodes.A.config.disabled,
    timeout: state.nodes.A.config.timeout,
  });
}
