/** `simulate`: a simulated HA pair on loopback for trying the CLI (and anything else) against, until Ctrl-C. */
import type { ApiVersion } from '../../generated/index.js';
import { API_VERSIONS, isApiVersion, LATEST_API_VERSION } from '../../generated/index.js';
import type { Simulator, SimulatorOptions } from '../../simulator.js';
// The public entry: it also serves REST /api/v2.0 on 25.x controllers, as the real ones do.
import { startSimulator } from '../../simulator.js';
import { numberOption, type ParsedArgs, stringOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { untilAborted } from '../interrupt.js';

export const DEFAULT_SIMULATE_TIME_SCALE = 0.1;

/** Simulator options from the command line (shared with `demo`). */
export function simulatorOptions(
  args: ParsedArgs,
  defaultTimeScale: number,
  defaultVersion: ApiVersion = LATEST_API_VERSION,
): SimulatorOptions {
  const version = stringOption(args, 'api-version') ?? defaultVersion;
  if (!isApiVersion(version)) throw new UsageError(`--api-version ${version} is not known`, `Known versions: ${API_VERSIONS.join(', ')}.`);
  const options: SimulatorOptions = {
    apiVersion: version as ApiVersion,
    timeScale: numberOption(args, 'time-scale', { min: 0.001, max: 10 }) ?? defaultTimeScale,
    rateLimit: args.values['rate-limit'] === true ? { limit: 20, windowMs: 60_000 } : false,
    // This process never blocks its event loop while the pair runs: no worker thread needed.
    inProcess: true,
  };
  const seed = stringOption(args, 'seed');
  if (seed !== undefined) options.seed = seed;
  if (args.values.unlicensed) options.licensed = false;
  const ports = {
    vip: numberOption(args, 'port', { integer: true, min: 0, max: 65535 }),
    a: numberOption(args, 'port-a', { integer: true, min: 0, max: 65535 }),
    b: numberOption(args, 'port-b', { integer: true, min: 0, max: 65535 }),
  };
  if (ports.vip !== undefined || ports.a !== undefined || ports.b !== undefined) options.ports = ports;
  return options;
}

/** The data part of the startSimulator() handle: what a script needs to connect (no stop, no faults). */
export function simulatorDescription(sim: Simulator) {
  return { vip: sim.vip, a: sim.a, b: sim.b, credentials: sim.credentials, apiVersion: sim.apiVersion };
}

function printHuman(ctx: CommandContext, sim: Simulator, timeScale: number): void {
  const { out } = ctx;
  const s = out.style;
  const c = sim.credentials;
  // These are the simulator's own throwaway credentials: printing them is the point of this command.
  const lines = [
    s.bold(`Simulated TrueNAS HA pair running (API ${sim.apiVersion}, time scale ${timeScale}). Ctrl-C stops it.`),
    '',
    `  VIP           ${sim.vip.ws}   ${s.dim('(follows the active controller)')}`,
    `  controller A  ${sim.a.ws}`,
    `  controller B  ${sim.b.ws}`,
    `  user          ${c.username}`,
    `  password      ${c.password}`,
    `  API key       ${c.apiKey}`,
    '',
    s.dim('Throwaway credentials of the simulator. In another terminal:'),
    `  export TRUENAS_URL=${sim.vip.ws} TRUENAS_USERNAME=${c.username} TRUENAS_API_KEY=${c.apiKey}`,
    '  truenas-failover status',
    '',
  ];
  out.raw(`${lines.join('\n')}\n`);
}

export const simulateCommand: CommandSpec = {
  name: 'simulate',
  summary: 'start a simulated HA pair (controllers A and B and a VIP) on loopback; print its URLs and credentials',
  usage: ['simulate [--json] [--api-version VERSION] [--time-scale X] [--port N] [--unlicensed] [--log]'],
  description: [
    'Runs the simulator of truenas-failover/simulator until Ctrl-C or SIGTERM, then stops it cleanly. It speaks the',
    'real protocol (also to midclt). --json prints ONE line of JSON, the startSimulator() handle without stop/faults:',
    '{"vip":{"ws","http"},"a":{…},"b":{…},"credentials":{"username","password","apiKey","readonly","otp"},"apiVersion"}.',
    `--time-scale multiplies real durations (default ${DEFAULT_SIMULATE_TIME_SCALE}: a 60 s reboot takes 6 s). TrueNAS's limit of 20`,
    'unauthenticated calls a minute is off unless --rate-limit, since every CLI command logs in anew.',
  ],
  options: [
    { name: 'json', type: 'boolean', description: 'one line of JSON with URLs and credentials' },
    { name: 'api-version', type: 'string', valueName: 'VERSION', description: `API version the pair runs (default ${LATEST_API_VERSION})` },
    {
      name: 'time-scale',
      type: 'string',
      valueName: 'X',
      description: `speed of slow operations (default ${DEFAULT_SIMULATE_TIME_SCALE}; 1 = real time)`,
    },
    { name: 'port', type: 'string', valueName: 'N', description: 'VIP port (default: a free one)' },
    { name: 'port-a', type: 'string', valueName: 'N', description: 'controller A port' },
    { name: 'port-b', type: 'string', valueName: 'N', description: 'controller B port' },
    { name: 'seed', type: 'string', valueName: 'TEXT', description: 'seed of every random choice (same seed, same credentials)' },
    { name: 'unlicensed', type: 'boolean', description: 'a single non-HA system (status SINGLE)' },
    { name: 'rate-limit', type: 'boolean', description: "apply TrueNAS's unauthenticated-call rate limit" },
    { name: 'log', type: 'boolean', description: 'print the pair’s state changes (status, power, VIP) on stderr' },
  ],
  connects: false,
  examples: [
    'truenas-failover simulate',
    'truenas-failover simulate --json > sim.json &',
    'truenas-failover simulate --api-version v25.10.0 --time-scale 1 --log',
  ],
  async run(ctx) {
    const options = simulatorOptions(ctx.args, DEFAULT_SIMULATE_TIME_SCALE);
    if (ctx.args.values.log) options.logger = (line) => ctx.out.info(`${ctx.out.styleErr.dim(new Date().toISOString())}  ${line}`);
    const sim = await startSimulator(options);
    try {
      if (ctx.args.values.json) ctx.out.raw(`${JSON.stringify(simulatorDescription(sim))}\n`);
      else printHuman(ctx, sim, options.timeScale ?? DEFAULT_SIMULATE_TIME_SCALE);
      await untilAborted(new Promise<never>(() => {}), ctx.signal).catch(() => {});
    } finally {
      await sim.stop();
    }
    if (!ctx.args.values.json) ctx.out.info('Simulator stopped.');
    return EXIT.OK;
  },
};
