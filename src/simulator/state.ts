/** `sim.state()`: a plain snapshot of the pair for tests, tools and the CLI. */
import type { Faults } from './faults.js';
import type { Pair } from './pair/pair.js';
import type { NodeLetter } from './pair/types.js';
import type { ControllerSnapshot, SimulatorState } from './types.js';

function controllerSnapshot(pair: Pair, node: NodeLetter): ControllerSnapshot {
  const c = pair.controller(node);
  return {
    node,
    status: c.listening ? pair.status(node) : null,
    power: c.power,
    up: c.listening,
    ready: c.power === 'up',
    hung: c.hung,
    killed: c.killed,
    bootId: c.bootId,
    version: c.version,
    nextVersion: c.nextVersion,
    config: pair.config(node),
    disabledReasons: c.listening ? pair.reasonsNow(node) : [],
    rebootRequiredReasons: [...c.rebootReasons.keys()],
    updateFile: c.updateFile ? { ...c.updateFile } : null,
    jobs: c.listening ? c.jobs.all().map((j) => ({ id: j.id, method: j.method, state: j.state, description: j.progress.description })) : [],
  };
}

export function snapshot(pair: Pair, faults: Faults): SimulatorState {
  const nodes: SimulatorState['nodes'] = { A: controllerSnapshot(pair, 'A') };
  if (pair.present('B')) nodes.B = controllerSnapshot(pair, 'B');
  return {
    apiVersion: pair.release.apiVersion,
    licensed: pair.licensed,
    vip: { holder: pair.vipHolder(), partitioned: faults.vipPartitioned },
    heartbeat: pair.heartbeatUp ? 'up' : 'cut',
    nodes,
  };
}
