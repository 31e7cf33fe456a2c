import { expect, it } from 'vitest';
import { runScript } from './fixtures/run-script.js';

// Nothing of the worker holds the process once its simulators are stopped: the idle worker that
// waits for the next start is unreferenced, so a script ends as soon as its own work is done.
it('lets a script end by itself once its simulator is stopped, with nothing left holding the event loop', async () => {
  const { code, out } = await runScript('start-and-stop.ts', ['worker']);
  expect(code, out).toBe(0);
  expect(JSON.parse(out)).toEqual({ holder: null, active: [] });
}, 90_000);

it('lets a script end by itself in process mode too', async () => {
  const { code, out } = await runScript('start-and-stop.ts', ['in-process']);
  expect(code, out).toBe(0);
  expect(JSON.parse(out)).toMatchObject({ holder: null });
}, 90_000);
