/**
 * `check`: a Nagios/Icinga plugin by the Monitoring Plugins conventions. One line on stdout,
 * `HA OK - node A MASTER, node B BACKUP, failover enabled | reasons=0 timeout=0s time=0.2s`, and the
 * exit code of the service state: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Every failure, a bad
 * option included, is UNKNOWN with its reason on that line.
 */
import { numberOption, stringOption } from '../args.js';
import type { CommandSpec } from '../context.js';
import { CliError } from '../errors.js';
import { monitoredPairs } from './exporter.js';

const DEFAULT_TIMEOUT_S = 10;

export const checkCommand: CommandSpec = {
  name: 'check',
  summary: 'Nagios/Icinga plugin: one line with perfdata, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN',
  usage: ['check [-w RANGE] [-c RANGE] [-t SECONDS]', 'check --config FLEET.yaml --pair NAME [-w RANGE] [-c RANGE] [-t SECONDS]'],
  description: [
    'Reads the pair once (licensed, status, node, config, disabled reasons, reboot info) and prints one line by the',
    'Monitoring Plugins conventions. CRITICAL: no controller is MASTER, a controller is in ERROR, or a disabled reason',
    'stops automatic failover. WARNING: failover administratively disabled, a controller must reboot, or the standby',
    'is not ready yet (NO_SYSTEM_READY). UNKNOWN: unreachable, login refused, a bad option, or no answer within',
    '--timeout. --warning/--critical are ranges on the time the check took, in seconds (10, 10:, ~:10, @10:20).',
  ],
  options: [
    { name: 'config', type: 'string', valueName: 'FILE', description: 'fleet file (YAML) of the exporter; needs --pair' },
    { name: 'pair', type: 'string', valueName: 'NAME', description: 'the pair of the fleet file to check' },
    { name: 'warning', short: 'w', type: 'string', valueName: 'RANGE', description: 'WARNING when the check time (s) is outside RANGE' },
    { name: 'critical', short: 'c', type: 'string', valueName: 'RANGE', description: 'CRITICAL when the check time (s) is outside RANGE' },
    {
      name: 'timeout',
      short: 't',
      type: 'string',
      valueName: 'SECONDS',
      description: `UNKNOWN after this long (default ${DEFAULT_TIMEOUT_S})`,
    },
  ],
  connects: true,
  usageExitCode: 3,
  exitCodes: [
    [0, 'OK: a MASTER, failover enabled, no disabled reasons, no reboot pending'],
    [1, 'WARNING: failover administratively disabled, a reboot required, or the standby not ready yet'],
    [2, 'CRITICAL: no MASTER, a controller in ERROR, or a disabled reason that stops automatic failover'],
    [3, 'UNKNOWN: unreachable, login refused, bad options, or no answer in time'],
  ],
  examples: [
    'truenas-failover check --vip wss://nas.example --username monitor --api-key-file /etc/nagios/nas.key',
    'truenas-failover check --config /etc/truenas-failover/fleet.yaml --pair nas1 -w 2 -c 5',
    '# Icinga 2: command = [ "truenas-failover", "check", "--config", "/etc/truenas-failover/fleet.yaml", "--pair", "$host.name$" ]',
  ],
  async run(ctx) {
    const started = performance.now();
    const [{ assessPair }, plugin, { watchPair }] = await Promise.all([
      import('../../monitoring/describe.js'),
      import('../../monitoring/plugin.js'),
      import('../../monitoring/watch-pair.js'),
    ]);
    const unknown = (text: string) => {
      ctx.out.line(plugin.pluginLine('UNKNOWN', text, []));
      return 3;
    };
    try {
      const range = (name: string) => {
        const text = stringOption(ctx.args, name);
        return text === undefined ? undefined : plugin.parseRange(text, `--${name}`);
      };
      const warn = range('warning');
      const crit = range('critical');
      const timeout = (numberOption(ctx.args, 'timeout', { min: 0.1, max: 3600 }) ?? DEFAULT_TIMEOUT_S) * 1000;
      const wanted = stringOption(ctx.args, 'pair');
      const config = stringOption(ctx.args, 'config');
      if ((wanted === undefined) !== (config === undefined))
        return unknown('--config and --pair go together: the fleet file and the pair in it');
      const pairs = await monitoredPairs(ctx);
      const pair = wanted === undefined ? pairs[0] : pairs.find((p) => p.name === wanted);
      if (!pair) return unknown(`no pair named "${wanted}" in ${config} (pairs: ${pairs.map((p) => p.name).join(', ')})`);
      // One read, no reconnects: a check that cannot get an answer now says so, Nagios asks again later.
      const connection = { ...pair.connection, reconnect: false as const, keepAlive: false as const, timeout, connectTimeout: timeout };
      const watch = watchPair({ name: pair.name, connection, readTimeout: timeout, events: false, interval: 86_400_000 });
      let state: Awaited<ReturnType<typeof watch.ready>>;
      try {
        state = await watch.ready();
      } finally {
        await watch.close();
      }
      const seconds = (performance.now() - started) / 1000;
      const verdict = plugin.withTimeThresholds(assessPair(state), seconds, warn, crit);
      const perf: string[] = [];
      if (state.up && state.ha) {
        perf.push(plugin.perfItem('reasons', state.ha.disabledReasons?.length ?? 0), plugin.perfItem('timeout', state.ha.timeout, 's'));
      }
      perf.push(plugin.perfItem('time', seconds, 's', warn, crit));
      ctx.out.line(plugin.pluginLine(verdict.state, verdict.text, perf));
      return verdict.code;
    } catch (error) {
      if (error instanceof CliError || error instanceof RangeError) return unknown(error.message);
      return unknown(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  },
};
