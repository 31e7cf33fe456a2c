/**
 * The kinds of failover the simulator can cause, injected from outside the client under test:
 * a planned `become_passive` on the active controller, the active controller killed, the heartbeat
 * cut and then the active controller killed, and `failover.reboot.other_node` from the standby;
 * the soak (scripts/soak.ts) adds the active controller rebooted (`system.reboot`) and an
 * emergency disable that designates the standby as master (then re-enabled).
 * Each returns how to undo its faults once the new active controller serves.
 */
import type { NodeLetter, Simulator } from '../../src/simulator.js';
import { RootSession } from './root-session.js';

export type FailoverKind =
  | 'planned'
  | 'master-killed'
  | 'heartbeat-cut-then-master-killed'
  | 'reboot-other-node'
  | 'master-rebooted'
  | 'emergency-disable';

export const FAILOVER_KINDS: readonly FailoverKind[] = [
  'planned',
  'master-killed',
  'heartbeat-cut-then-master-killed',
  'reboot-other-node',
];

/** Every kind, the drill's and those only the soak cycles through. */
export const ALL_FAILOVER_KINDS: readonly FailoverKind[] = [...FAILOVER_KINDS, 'master-rebooted', 'emergency-disable'];

/** Polls `condition` every 20 ms; false when `timeoutMs` passed first. */
export async function pollUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

function socketOf(sim: Simulator, node: NodeLetter): string {
  const path = (node === 'A' ? sim.a : sim.b).unix;
  if (!path) throw new Error('the drill needs the simulator started with unixSockets: true');
  return path;
}

const other = (node: NodeLetter): NodeLetter => (node === 'A' ? 'B' : 'A');

/** Causes a failover of `kind` away from `master`; resolves with the undo step for its faults. */
export async function injectFailover(sim: Simulator, kind: FailoverKind, master: NodeLetter): Promise<() => Promise<void>> {
  switch (kind) {
    case 'planned': {
      const root = await RootSession.open(socketOf(sim, master));
      // No answer comes: the controller reboots (the socket closes with it).
      root.send('failover.become_passive');
      return async () => root.close();
    }
    case 'master-killed':
      sim.faults.killController(master);
      return async () => sim.faults.restoreController(master);
    case 'heartbeat-cut-then-master-killed': {
      sim.faults.cutHeartbeat();
      // Let the pair notice (NO_PONG) before the active controller dies.
      await pollUntil(() => sim.state().nodes[master]?.disabledReasons.includes('NO_PONG') === true, 5_000);
      sim.faults.killController(master);
      return async () => {
        sim.faults.restoreHeartbeat();
        sim.faults.restoreController(master);
      };
    }
    case 'reboot-other-node': {
      // From the standby: it reboots the active controller (forced) and takes over itself.
      const standby = other(master);
      const root = await RootSession.open(socketOf(sim, standby));
      const jobId = await root.call<number>('failover.reboot.other_node', [{ reason: 'drill', graceful: false }]);
      return async () => {
        // The job ends once the old active controller is back as standby.
        await pollUntil(
          () => sim.state().nodes[standby]?.jobs.some((j) => j.id === jobId && j.state !== 'RUNNING' && j.state !== 'WAITING') ?? true,
          30_000,
        );
        root.close();
      };
    }
    case 'master-rebooted': {
      const root = await RootSession.open(socketOf(sim, master));
      // A job that never ends: the controller goes down under it (the socket closes with it).
      root.send('system.reboot', ['soak', { delay: 0 }]);
      return async () => root.close();
    }
    case 'emergency-disable': {
      // Failover disabled with the standby as designated master: it is forced active, the VIP moves.
      const root = await RootSession.open(socketOf(sim, master));
      await root.call('failover.update', [{ disabled: true, master: false }]);
      root.close();
      return async () => {
        // Re-enabled from the new active controller, which stays the designated master.
        const again = await RootSession.open(socketOf(sim, other(master)));
        try {
          await again.call('failover.update', [{ disabled: false, master: true }]);
        } finally {
          again.close();
        }
      };
    }
  }
}
