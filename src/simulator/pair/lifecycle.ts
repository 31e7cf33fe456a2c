/**
 * Power and role transitions of the pair: a controller going down (forced reboot, kill, graceful
 * reboot), booting again with a new boot id, and the VRRP election: a standby that stops hearing
 * an active peer promotes itself through the `failover.events.vrrp_master` job (ELECTING →
 * IMPORTING → MASTER), after the failover timeout.
 */
import { FlowAborted } from '../util/clock.js';
import { Controller } from './controller.js';
import type { JobContext } from './jobs.js';
import { DURATIONS, detectionDelay, type Pair } from './pair.js';
import type { NodeLetter } from './types.js';

/** Installs the election check on the pair; call once. */
export function attachLifecycle(pair: Pair): void {
  let pending: (() => void) | null = null;
  let waiting: (() => void)[] = [];
  // Runs what waited for the election once its promotion job has started (jobs start on setImmediate).
  const release = () => {
    const fns = waiting;
    waiting = [];
    if (fns.length === 0) return;
    setImmediate(() => {
      for (const fn of fns) fn();
    });
  };
  pair.electionCheck = () => {
    if (!pair.licensed || pair.stopped) return;
    const live = Object.values(pair.controllers).filter((c) => c.listening);
    const hasMaster = live.some((c) => c.role === 'MASTER' || c.promoting);
    if (hasMaster || live.length === 0) {
      pending?.();
      pending = null;
      release();
      return;
    }
    if (pending) return;
    const timeout = Math.min(...live.map((c) => c.db.timeout));
    pending = pair.clock.after(detectionDelay(timeout), () => {
      pending = null;
      elect(pair);
      release();
    });
  };
  pair.whenElectionStarted = (fn) => {
    if (pending) waiting.push(fn);
    else fn();
  };
}

/** No controller is active: the preferred live standby promotes itself. */
function elect(pair: Pair): void {
  const live = Object.values(pair.controllers).filter((c) => c.listening && c.role !== 'ERROR');
  if (live.some((c) => c.role === 'MASTER' || c.promoting)) return;
  const enabled = live.filter((c) => !c.db.disabled);
  const designated = (list: Controller[]) => list.find((c) => c.db.master_node === c.node);
  if (enabled.length > 0) {
    promote(pair, (designated(enabled) ?? enabled[0]!).node, 'MASTER');
    return;
  }
  // Failover administratively disabled: VRRP events are ignored; only the designated master takes over.
  const chosen = designated(live);
  if (chosen) promote(pair, chosen.node, 'forcetakeover');
}

/** Starts the promotion job on a controller (`event` is `MASTER` or `forcetakeover`). */
export function promote(pair: Pair, node: NodeLetter, event: 'MASTER' | 'forcetakeover'): void {
  const c = pair.controller(node);
  if (!c.listening || c.role === 'MASTER' || c.promoting) return;
  const fobj = { disabled: c.db.disabled, master: c.db.master_node === node, timeout: c.db.timeout, volumes: [{ name: 'tank' }] };
  c.jobs.start({
    method: 'failover.events.vrrp_master',
    arguments: [fobj, 'eno1', event],
    credentials: null,
    lock: 'vrrp_event',
    run: (ctx) => runPromotion(pair, c, event, ctx),
  });
  pair.changed();
}

async function runPromotion(pair: Pair, c: Controller, event: string, ctx: JobContext): Promise<string> {
  if (c.role === 'MASTER') {
    ctx.setProgress(null, 'IGNORED');
    return 'IGNORED';
  }
  try {
    pair.setRole(c.node, 'ELECTING');
    ctx.setProgress(null, 'ELECTING');
    await ctx.sleep(DURATIONS.electing);
    if (event === 'forcetakeover') {
      // Taking the disk reservations makes the other controller's fencing daemon reboot it.
      const peer = pair.peer(c.node);
      if (peer.listening && (peer.role === 'MASTER' || peer.promoting)) rebootController(pair, peer.node, { reason: 'fenced' });
    }
    pair.setRole(c.node, 'IMPORTING');
    ctx.setProgress(null, 'IMPORTING');
    await ctx.sleep(DURATIONS.importing);
    pair.setRole(c.node, 'MASTER');
    ctx.setProgress(null, 'SUCCESS');
    return 'SUCCESS';
  } catch (err) {
    if (!(err instanceof FlowAborted) && c.listening) {
      pair.setRole(c.node, 'ERROR');
      ctx.job.progress = { ...ctx.job.progress, description: 'ERROR' };
    }
    throw err;
  }
}

/** The BACKUP event every controller runs when it boots. */
function runBackupEvent(c: Controller): void {
  c.jobs.start({
    method: 'failover.events.vrrp_backup',
    arguments: [{ disabled: c.db.disabled, master: c.db.master_node === c.node, timeout: c.db.timeout }, 'eno1', 'BACKUP'],
    credentials: null,
    lock: 'vrrp_event',
    run: async (ctx) => {
      await ctx.sleep(DURATIONS.backupEvent);
      return 'SUCCESS';
    },
  });
}

/** Takes a controller off the network at once: sockets drop, its port refuses, its jobs end. */
export function takeDown(pair: Pair, node: NodeLetter, reason: string): void {
  const c = pair.controller(node);
  if (!c.listening) return;
  c.power = 'down';
  c.bootAbort.abort();
  pair.log(`[${node}] down (${reason})`);
  pair.emit('power', { node, power: 'down', bootId: c.bootId, reason });
  pair.changed();
}

/** Powers a controller on: new boot id, empty job list, BACKUP, ready after a while. */
export function boot(pair: Pair, node: NodeLetter): void {
  const c = pair.controller(node);
  if (c.listening || c.killed || pair.stopped || !pair.present(node)) return;
  c.bootAbort = Controller.newBootAbort();
  c.bootId = pair.random.uuid();
  c.bootedAt = pair.clock.now();
  c.jobs = pair.newJobList(c);
  c.version = c.nextVersion;
  c.rebootReasons.clear();
  c.updateFile = null;
  c.last = {};
  c.hung = false;
  c.power = 'booting';
  pair.log(`[${node}] booting (boot id ${c.bootId}, version ${c.version})`);
  pair.emit('power', { node, power: 'booting', bootId: c.bootId, reason: 'boot' });
  pair.setRole(node, 'BACKUP');
  if (pair.licensed) runBackupEvent(c);
  pair.changed();
  const signal = c.bootAbort.signal;
  pair.clock
    .sleep(DURATIONS.bootNotReady, signal)
    .then(() => {
      c.power = 'up';
      pair.log(`[${node}] ready`);
      pair.emit('power', { node, power: 'up', bootId: c.bootId, reason: 'ready' });
      // core_service.py `notify_postinit`: core.event_send('system.ready', 'ADDED'), no fields.
      pair.emit('event', { node, name: 'system.ready', msg: 'added' });
      pair.changed();
    })
    .catch(() => {});
}

export interface RebootOptions {
  /** Graceful reboot: services stop first (after `delaySeconds`), then the controller goes down. */
  graceful?: boolean;
  delaySeconds?: number;
  reason: string;
}

/** Reboots a controller: down (at once, or after a graceful shutdown), then boots again. */
export function rebootController(pair: Pair, node: NodeLetter, options: RebootOptions): void {
  const c = pair.controller(node);
  if (!c.listening) return;
  const goDown = () => {
    if (!c.listening) return;
    takeDown(pair, node, options.reason);
    // The down period belongs to no boot; only kill() prevents the restart. A reboot never ends before
    // the peer's master-down interval: if the election it caused is still pending, the boot waits for it.
    pair.clock.after(DURATIONS.rebootDown, () => {
      pair.whenElectionStarted(() => {
        if (!c.killed && !c.listening) boot(pair, node);
      });
    });
  };
  if (!options.graceful) {
    goDown();
    return;
  }
  const signal = c.bootAbort.signal;
  pair.clock
    .sleep((options.delaySeconds ?? 0) * 1000 + DURATIONS.gracefulShutdown, signal)
    .then(goDown)
    .catch(() => {});
}

/** Fault: powers a controller off until `restore`. */
export function kill(pair: Pair, node: NodeLetter): void {
  const c = pair.controller(node);
  c.killed = true;
  c.hung = false;
  takeDown(pair, node, 'killed');
}

/** Fault recovery: powers a killed controller back on. */
export function restore(pair: Pair, node: NodeLetter): void {
  const c = pair.controller(node);
  if (!c.killed) return;
  c.killed = false;
  if (!c.listening) boot(pair, node);
}

export function setHung(pair: Pair, node: NodeLetter, hung: boolean): void {
  const c = pair.controller(node);
  if (c.hung === hung || !c.listening) return;
  c.hung = hung;
  pair.log(`[${node}] ${hung ? 'hung' : 'answering again'}`);
  pair.emit('hang', { node, hung });
  pair.changed();
}

export function setHeartbeat(pair: Pair, up: boolean): void {
  if (pair.heartbeatUp === up) return;
  pair.heartbeatUp = up;
  pair.log(`heartbeat ${up ? 'restored' : 'cut'}`);
  pair.emit('heartbeat', { up });
  pair.changed();
}
