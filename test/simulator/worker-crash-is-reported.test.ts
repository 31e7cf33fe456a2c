import { afterEach, expect, it } from 'vitest';
import { SimulatorThreadError } from '../../src/simulator.js';
import { type Crashable, crashableSimulator } from './fixtures/crashable.js';
import { runScript } from './fixtures/run-script.js';
import { session } from './helpers.js';

let crashable: Crashable | undefined;
afterEach(async () => {
  await crashable?.sim.stop();
  crashable?.close();
  crashable = undefined;
});

const nextError = (c: Crashable) => new Promise<Error>((resolve) => c.sim.on('error', resolve));

// A worker that dies must not leave its caller waiting: what waits is rejected, the simulator's
// listeners hear of it, and every later call says why.
it('reports a crash to the error listeners and fails later calls with the cause', async () => {
  crashable = await crashableSimulator();
  const { sim } = crashable;
  const c = await session(sim.vip.ws, sim);
  c.close();
  const error = nextError(crashable);
  await crashable.crash('now');
  const reported = await error;
  expect(reported).toBeInstanceOf(SimulatorThreadError);
  expect(reported.message).toBe("the simulator's worker thread stopped: simulated crash");
  expect((reported.cause as Error).message).toBe('simulated crash');
  expect(() => sim.state()).toThrow(reported);
  expect(() => sim.faults.killController('A')).toThrow(SimulatorThreadError);
  await expect(crashable.host.start({}, undefined)).rejects.toBe(reported);
  await sim.stop(); // nothing left to stop: resolves
});

it('fails a synchronous call the worker dies answering, instead of blocking forever', async () => {
  crashable = await crashableSimulator();
  const error = nextError(crashable);
  await crashable.crash('call');
  expect(() => crashable?.sim.state()).toThrow("the simulator's worker thread stopped: simulated crash in call");
  expect(await error).toBeInstanceOf(SimulatorThreadError);
});

it('rejects a start the worker dies on', async () => {
  crashable = await crashableSimulator();
  const error = nextError(crashable);
  await crashable.crash('start');
  await expect(crashable.host.start({ rateLimit: false }, undefined)).rejects.toThrow(
    new SimulatorThreadError("the simulator's worker thread stopped: simulated crash in start"),
  );
  expect((await error).message).toContain('simulated crash in start');
});

it('throws the crash as an uncaught exception when nothing listens for error', async () => {
  const { code, out } = await runScript('crash-without-listener.ts');
  expect(code, out).toBe(7);
  expect(JSON.parse(out)).toEqual({
    name: 'SimulatorThreadError',
    message: "the simulator's worker thread stopped: simulated crash",
    cause: 'simulated crash',
  });
}, 90_000);
