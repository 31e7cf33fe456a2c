/**
 * `npm run test:under-load [-- files or vitest arguments]`: runs tests while two processes burn a
 * CPU core each beside them, as on a busy CI machine or a laptop compiling something else. Tests
 * must wait on conditions and events, not on wall-clock sleeps; this is how we check it. Without
 * arguments it runs the subset CI checks (UNDER_LOAD_SUBSET: failover, reconnection, HA workflows,
 * jobs and events, the timing-sensitive parts); pass files or folders to run others, or `test` for
 * the whole suite.
 *
 * Each burner ends on its own after `--burn-minutes` (default 20), so none outlives a killed run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

// vitest filters: a file runs when its path contains one of them.
export const UNDER_LOAD_SUBSET = [
  'test/ha/',
  'test/drill/',
  'test/client/failover',
  'test/client/reconnect',
  'test/client/job',
  'test/client/events-after-reconnect',
  'test/client/keepalive',
  'test/client/dropped-connection',
  'test/client/thousand-calls-survive-drop',
  'test/client/several-addresses',
  'test/client/timeouts',
];

const { values, positionals } = parseArgs({
  options: { 'burn-minutes': { type: 'string' } },
  allowPositionals: true,
  strict: false,
});
const burnMs = Number(values['burn-minutes'] ?? 20) * 60_000;
if (!(burnMs > 0)) throw new TypeError('--burn-minutes must be a positive number');

const BURN = `const end = Date.now() + ${burnMs}; let x = 0; while (Date.now() < end) { for (let i = 0; i < 1e6; i++) x += i; }`;
const burners: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ['-e', BURN], { stdio: 'ignore' }));
const stopBurners = () => {
  for (const b of burners) if (b.exitCode === null) b.kill('SIGKILL');
};
process.on('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopBurners();
    process.exit(130);
  });
}

const args = positionals.length > 0 ? process.argv.slice(2).filter((a) => !a.startsWith('--burn-minutes')) : UNDER_LOAD_SUBSET;
console.log(`test:under-load: 2 CPU burners (pids ${burners.map((b) => b.pid).join(', ')}) beside vitest run ${args.join(' ')}`);
const started = Date.now();
const code = await new Promise<number>((resolve, reject) => {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit' });
  child.on('error', reject);
  child.on('close', (status) => resolve(status ?? 1));
});
stopBurners();
console.log(
  `test:under-load: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s with 2 CPU burners`,
);
process.exit(code);
