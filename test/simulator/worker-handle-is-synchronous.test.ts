import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, SimulatorThreadError, SimulatorUsageError } from '../../src/simulator.js';
import { session, simulator } from './helpers.js';

const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(inProcess: boolean, logger?: (line: string) => void): Promise<Simulator> {
  const sim = await simulator({ inProcess, ...(logger ? { logger } : {}) });
  started.push(sim);
  return sim;
}

/** The events of the faults below, in the order they came. */
function observe(sim: Simulator): string[] {
  const seen: string[] = [];
  sim.on('power', (e) => seen.push(`power ${e.node} ${e.power}`));
  sim.on('vip', (e) => seen.push(`vip ${e.holder}`));
  sim.on('heartbeat', (e) => seen.push(`heartbeat ${e.up}`));
  sim.on('hang', (e) => seen.push(`hang ${e.node} ${e.hung}`));
  return seen;
}

// The worker handle behaves as the in-process one: synchronous faults and state, events and log
// lines delivered during the call that caused them, in the same order.
describe.each([
  ['in a worker thread', false],
  ['in process', true],
])('the handle %s', (_, inProcess) => {
  it('applies faults synchronously and delivers their events and log lines before returning', async () => {
    const lines: string[] = [];
    const sim = await start(inProcess, (line) => lines.push(line));
    const seen = observe(sim);
    lines.length = 0;
    sim.faults.cutHeartbeat();
    sim.faults.hangController('B');
    sim.faults.partitionVip();
    sim.faults.killController('A');
    expect(seen).toEqual(['heartbeat false', 'hang B true', 'power A down', 'vip null']);
    expect(lines).toEqual(['heartbeat cut', '[B] hung', 'VIP partitioned', '[A] down (killed)', 'VIP -> nobody']);
    const state = sim.state();
    expect(state.heartbeat).toBe('cut');
    expect(state.vip).toEqual({ holder: null, partitioned: true });
    expect(state.nodes.A.power).toBe('down');
    expect(state.nodes.B?.hung).toBe(true);
    sim.faults.reset();
    expect(sim.state().vip.partitioned).toBe(false);
  });

  it('returns what a fault returns and stops delivering to a removed listener', async () => {
    const sim = await start(inProcess);
    const c = await session(sim.vip.ws, sim);
    try {
      await c.call('core.subscribe', ['failover.status']);
      expect(sim.faults.endSubscriptions('failover.status')).toBe(1);
      expect(sim.faults.endSubscriptions('failover.status')).toBe(0);
    } finally {
      c.close();
    }
    const seen: boolean[] = [];
    const off = sim.on('heartbeat', (e) => seen.push(e.up));
    sim.faults.cutHeartbeat();
    off();
    sim.faults.restoreHeartbeat();
    expect(seen).toEqual([false]);
    expect(sim.otpToken()).toMatch(/^\d{6}$/);
  });

  it('throws a bad fault argument as SimulatorUsageError with the field, message and the caller’s stack', async () => {
    const sim = await start(inProcess);
    let thrown: unknown;
    try {
      sim.faults.dropFrames(2);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SimulatorUsageError);
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toMatchObject({
      name: 'SimulatorUsageError',
      field: 'probability',
      message: 'probability: expected a number from 0 to 1',
    });
    expect((thrown as Error).stack).toContain('worker-handle-is-synchronous.test.ts');
    expect(() => sim.faults.killController('C' as 'A')).toThrow(new SimulatorUsageError('node', `expected 'A' or 'B', got "C"`));
  });

  it('rejects a start on a port in use with the system error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const failed = simulator({ inProcess, ports: { vip: port } });
      await expect(failed).rejects.toMatchObject({ code: 'EADDRINUSE', port });
      await expect(failed).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});

describe('worker mode', () => {
  it('rejects a bad option before any thread is involved', async () => {
    await expect(simulator({ timeScale: -1 })).rejects.toThrow(new SimulatorUsageError('timeScale', 'expected a positive number'));
    await expect(simulator({ inProcess: 'yes' as unknown as boolean })).rejects.toThrow(
      new SimulatorUsageError('inProcess', 'expected a boolean'),
    );
  });

  it('hosts several pairs in one worker, each on its own', async () => {
    const [one, two] = [await start(false), await start(false)];
    one.faults.killController('A');
    expect(one.state().nodes.A.power).toBe('down');
    expect(two.state().nodes.A.power).toBe('up');
    await one.stop();
    expect(two.state().vip.holder).toBe('A');
    const c = await session(two.vip.ws, two);
    try {
      expect(await c.call('failover.status')).toBe('MASTER');
    } finally {
      c.close();
    }
  });

  it('refuses synchronous calls once stopped, with a clear error; stop() stays safe to repeat', async () => {
    const sim = await start(false);
    await sim.stop();
    await sim.stop();
    expect(() => sim.state()).toThrow(SimulatorThreadError);
    expect(() => sim.faults.killController('A')).toThrow('faults.killController(): the simulator was stopped');
  });

  it('refuses an argument that cannot cross to the worker with SimulatorUsageError', async () => {
    const sim = await start(false);
    expect(() => sim.faults.failNextCall('failover.status', { extra: () => 1 })).toThrow(SimulatorUsageError);
    expect(sim.state().vip.holder).toBe('A'); // the handle still works
  });
});
