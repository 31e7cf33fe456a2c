import { expect, it } from 'vitest';
import { workerExecArgv } from '../../src/simulator/thread/host.js';
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

// A worker refuses process-wide and V8 flags (ERR_WORKER_INVALID_EXEC_ARGV): a script started with
// them (`npm run soak` runs with --expose-gc) still gets its simulator in a worker.
it('starts its worker when the script runs with process-wide Node flags', async () => {
  const { code, out } = await runScript('start-and-stop.ts', ['worker'], ['--expose-gc', '--max-old-space-size=512', '--no-warnings']);
  expect(code, out).toBe(0);
  expect(JSON.parse(out)).toEqual({ holder: null, active: [] });
}, 90_000);

it('passes on only the flags about loading modules and warnings', () => {
  expect(
    workerExecArgv([
      '--expose-gc',
      '--import',
      'tsx',
      '--input-type=module',
      '-r',
      'x.cjs',
      '--max-old-space-size=512',
      '--conditions=dev',
      '--enable-source-maps',
    ]),
  ).toEqual(['--import', 'tsx', '-r', 'x.cjs', '--conditions=dev', '--enable-source-maps']);
  expect(workerExecArgv(['--input-type', 'module', '--no-warnings'])).toEqual(['--no-warnings']);
});
