/**
 * `demo`: starts the simulator in-process and plays the seed's common operations on it, each as the
 * real CLI command (run in this process against the simulated VIP), explained in plain words and
 * paced for a person to follow. Ends with a summary; exit 0 when every step went as intended.
 */
// The public entry: it also serves REST /api/v2.0 on 25.x controllers, as the real ones do.

import { LATEST_REST_API_VERSION } from '../../entry/rest-versions.js';
import { startSimulator } from '../../simulator.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { DEMO_STEPS } from '../demo-script.js';
import { EXIT } from '../exit-codes.js';
import { pause } from '../interrupt.js';
import { simulatorOptions } from './simulate.js';

const DEMO_TIME_SCALE = 0.1;
const FAST_TIME_SCALE = 0.02;

interface StepResult {
  title: string;
  commands: string[];
  ok: boolean;
  seconds: number;
}

/** The environment of each demo command: the simulator's address and credentials, plus display settings. */
function stepEnv(ctx: CommandContext, url: string, username: string, apiKey: string): Record<string, string | undefined> {
  const keep = ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'COLUMNS'];
  const env: Record<string, string | undefined> = {};
  for (const k of keep) if (ctx.env[k] !== undefined) env[k] = ctx.env[k];
  return { ...env, TRUENAS_URL: url, TRUENAS_USERNAME: username, TRUENAS_API_KEY: apiKey };
}

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'a guided tour: starts a simulated pair and runs the common HA operations on it, explained',
  usage: ['demo [--fast] [--time-scale X] [--api-version VERSION]'],
  description: [
    'Starts the simulator (controllers A and B and a VIP on loopback) and walks through the seed’s common',
    'operations: check status, planned failover, configuration sync, emergency disable and re-enable, and a',
    'rolling upgrade. Each is one real command of this CLI, shown as you would type it. About a minute;',
    '--fast runs the pair 50 times faster than real hardware and skips the pauses.',
  ],
  options: [
    { name: 'fast', type: 'boolean', description: `no pauses, time scale ${FAST_TIME_SCALE} (for CI)` },
    { name: 'time-scale', type: 'string', valueName: 'X', description: `speed of the simulated pair (default ${DEMO_TIME_SCALE})` },
    {
      name: 'api-version',
      type: 'string',
      valueName: 'VERSION',
      description: `API version of the simulated pair (default ${LATEST_REST_API_VERSION}: its standby can be read, so sync compares both)`,
    },
  ],
  connects: false,
  examples: ['truenas-failover demo', 'npm run demo', 'truenas-failover demo --fast --api-version v25.10.0'],
  async run(ctx) {
    const fast = ctx.args.values.fast === true;
    // The newest 25.x by default: its standby can be read over REST, so the sync step can compare
    // both controllers (TrueNAS 26+ redirects every login on the standby and has no REST).
    const options = simulatorOptions(ctx.args, fast ? FAST_TIME_SCALE : DEMO_TIME_SCALE, LATEST_REST_API_VERSION);
    const { out } = ctx;
    const s = out.style;
    const beat = (ms: number) => (fast ? Promise.resolve() : pause(ms, ctx.signal));
    out.line(s.bold('truenas-failover demo: a TrueNAS HA pair, simulated on this machine'));
    out.line();
    out.line('An HA pair has two controllers, node A and node B. One is active (MASTER): it holds the pools and the');
    out.line('virtual IP (VIP) that clients use. The other is the standby (BACKUP), ready to take over.');
    const sim = await startSimulator(options);
    out.addSecret(sim.credentials.apiKey);
    out.addSecret(sim.credentials.password);
    const results: StepResult[] = [];
    try {
      out.line(`The simulator runs both controllers and the VIP on loopback (API ${sim.apiVersion}, ${options.timeScale}× real time):`);
      out.pairs(
        [
          ['VIP', sim.vip.ws],
          ['node A', sim.a.ws],
          ['node B', sim.b.ws],
        ],
        '  ',
      );
      out.line(s.dim('Each command below gets the VIP and an API key through TRUENAS_URL, TRUENAS_USERNAME and TRUENAS_API_KEY.'));
      const env = stepEnv(ctx, sim.vip.ws, sim.credentials.username, sim.credentials.apiKey);
      for (const [i, step] of DEMO_STEPS.entries()) {
        await beat(1500);
        out.line();
        out.line(s.bold(s.blue(`━━ Step ${i + 1} of ${DEMO_STEPS.length}: ${step.title} ━━`)));
        out.line(s.dim(`With midclt: ${step.seed.join('; ')}`));
        for (const l of step.explain) out.line(l);
        const started = Date.now();
        let ok = true;
        for (const c of step.commands) {
          await beat(700);
          out.line();
          const argv = c.argv.map((a) => a.replace(/^\{(vip|a|b)\}$/, (_, k: 'vip' | 'a' | 'b') => sim[k].ws));
          out.line(s.cyan(`$ truenas-failover ${argv.map((a) => (/[\s"{}]/.test(a) ? `'${a}'` : a)).join(' ')}`));
          const code = await ctx.nested(argv, env);
          if (code !== c.expect) {
            ok = false;
            out.line(s.red(`✗ exit code ${code}, expected ${c.expect}`));
            break;
          }
          if (c.after) out.line(s.green(`✓ ${c.after}`));
        }
        results.push({ title: step.title, commands: step.commands.map((c) => c.argv[0]!), ok, seconds: (Date.now() - started) / 1000 });
        if (!ok) break;
      }
    } finally {
      await sim.stop();
    }
    const allOk = results.length === DEMO_STEPS.length && results.every((r) => r.ok);
    out.line();
    out.line(s.bold('Summary'));
    out.table(
      ['step', 'commands', 'result', 'time'],
      results.map((r, i) => [
        `${i + 1}. ${r.title}`,
        r.commands.join(', '),
        r.ok ? s.green('ok') : s.red('FAILED'),
        `${r.seconds.toFixed(1)} s`,
      ]),
      '  ',
    );
    out.line();
    if (allOk) {
      out.line('Every common HA operation was one command. Try them yourself:');
      out.line('  truenas-failover simulate              # in one terminal: a pair to play with');
      out.line('  truenas-failover watch                 # in another: live events');
      out.line('  truenas-failover --help                # everything else');
    }
    return allOk ? EXIT.OK : EXIT.FAILED;
  },
};
