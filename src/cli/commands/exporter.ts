/**
 * `exporter`: Prometheus metrics and a live status page of one pair (the connection options) or a
 * fleet (`--config FILE`), until Ctrl-C or SIGTERM. The monitoring code is imported when the command
 * runs (a chunk of its own where the bundle is split), so other commands need not load prom-client.
 */
import type { ExporterPair } from '../../monitoring/exporter.js';
import { numberOption, type ParsedArgs, stringOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { untilAborted } from '../interrupt.js';

const DEFAULT_PORT = 9814;

const CONFIG_OPTION = {
  name: 'config',
  type: 'string',
  valueName: 'FILE',
  description: 'fleet file (YAML): pairs by name with addresses and key files (docs/monitoring.md)',
} as const;

// Connection options that a fleet file replaces.
const CONNECTION_NAMES = ['url', 'vip', 'a', 'b', 'username', 'api-key-file', 'api-key', 'password-stdin', 'ca', 'insecure', 'api-version'];

/** `HOST:PORT` or `[IPv6]:PORT`. */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65_535) {
    throw new UsageError(`--listen must be HOST:PORT, e.g. 127.0.0.1:${DEFAULT_PORT} or [::1]:${DEFAULT_PORT} (got "${text}")`);
  }
  return { host: (m[1] ?? m[2])!, port };
}

/** The secrets of client options, so that the CLI's output scrubs them. */
function secretsOf(pair: ExporterPair): string[] {
  const auth = pair.connection.auth as Record<string, unknown> | null | undefined;
  if (!auth) return [];
  const found: string[] = [];
  for (const key of ['password', 'token']) if (typeof auth[key] === 'string') found.push(auth[key] as string);
  const apiKey = auth.apiKey;
  if (typeof apiKey === 'string') found.push(apiKey, apiKey.split('-').slice(1).join('-'));
  else if (apiKey && typeof apiKey === 'object') {
    for (const v of Object.values(apiKey)) if (typeof v === 'string') found.push(v);
  }
  return found;
}

/**
 * The pairs a monitoring command watches: the fleet file's (`--config`), or the one pair of the
 * connection options named by `--name` (default: the host of its address).
 */
export async function monitoredPairs(ctx: CommandContext, args: ParsedArgs = ctx.args): Promise<ExporterPair[]> {
  const config = stringOption(args, 'config');
  if (config === undefined) {
    const c = await ctx.connection();
    const { defaultPairName } = await import('../../monitoring/watch-pair.js');
    return [{ name: stringOption(args, 'name') ?? defaultPairName(c.options), connection: c.options }];
  }
  const mixed = CONNECTION_NAMES.filter((n) => args.values[n] !== undefined);
  if (mixed.length)
    throw new UsageError(`--config cannot be combined with --${mixed[0]}: the fleet file gives each pair's address and credentials`);
  const { FleetConfigError, loadFleet } = await import('../../monitoring/fleet.js');
  try {
    const fleet = await loadFleet(config);
    for (const pair of fleet.pairs) for (const secret of secretsOf(pair)) ctx.out.addSecret(secret);
    for (const warning of fleet.warnings) ctx.out.warn(warning);
    return fleet.pairs;
  } catch (error) {
    if (error instanceof FleetConfigError) throw new UsageError(error.message, 'See docs/monitoring.md for the fleet file format.');
    throw error;
  }
}

export const exporterCommand: CommandSpec = {
  name: 'exporter',
  summary: 'Prometheus exporter (/metrics) and live status page (/) of one pair or a fleet (--config)',
  usage: ['exporter [--listen HOST:PORT] [--name NAME] [--interval SECONDS]', 'exporter --config FLEET.yaml [--listen HOST:PORT]'],
  description: [
    'Watches each pair with its own client (HA events over WebSocket, reads every --interval, REST pairs polled) and',
    'serves /metrics in the Prometheus text format (truenas_failover_up, _status, _healthy, _disabled, …: see',
    'docs/monitoring.md), a live status page at / and /status.json. An unreachable pair shows truenas_failover_up 0',
    'and does not disturb the others. One line per change on stdout. Runs until Ctrl-C or SIGTERM (exit 0).',
    'Without --config it watches the pair given by the connection options.',
  ],
  options: [
    { name: 'listen', type: 'string', valueName: 'HOST:PORT', description: `address to serve on (default 127.0.0.1:${DEFAULT_PORT})` },
    CONFIG_OPTION,
    { name: 'name', type: 'string', valueName: 'NAME', description: 'name of the pair in labels and on the page (default: its host)' },
    { name: 'interval', type: 'string', valueName: 'SECONDS', description: 'time between reads of each pair (default 15)' },
  ],
  connects: true,
  exitCodes: [
    [EXIT.OK, 'stopped by Ctrl-C or SIGTERM'],
    [EXIT.FAILED, 'cannot listen on the address'],
  ],
  examples: [
    'truenas-failover exporter --vip wss://nas.example --username monitor --api-key-file monitor.key',
    'truenas-failover exporter --config /etc/truenas-failover/fleet.yaml --listen 0.0.0.0:9814',
    'curl -s http://127.0.0.1:9814/metrics | grep truenas_failover_status',
  ],
  async run(ctx) {
    const listen = parseListen(stringOption(ctx.args, 'listen') ?? `127.0.0.1:${DEFAULT_PORT}`);
    const interval = numberOption(ctx.args, 'interval', { min: 1, max: 86_400 });
    if (stringOption(ctx.args, 'config') !== undefined && stringOption(ctx.args, 'name') !== undefined) {
      throw new UsageError('--name names the single pair of the connection options; with --config each pair has its name in the file');
    }
    const pairs = await monitoredPairs(ctx);
    const [{ startExporter }, { describeChange }] = await Promise.all([
      import('../../monitoring/exporter.js'),
      import('../../monitoring/describe.js'),
    ]);
    const { out } = ctx;
    let exporter: Awaited<ReturnType<typeof startExporter>>;
    try {
      exporter = await startExporter({
        pairs,
        listen,
        interval: interval === undefined ? undefined : interval * 1000,
        onChange: (c) => out.line(`${new Date(c.at).toISOString()}  ${c.pair}  ${describeChange(c)}`),
      });
    } catch (error) {
      out.info(`${out.styleErr.red(out.styleErr.bold('error:'))} ${(error as Error).message}`);
      return EXIT.FAILED;
    }
    out.info(
      `watching ${pairs.length} ${pairs.length === 1 ? 'pair' : 'pairs'}; metrics at ${exporter.url}/metrics, status page at ${exporter.url}/`,
    );
    try {
      await untilAborted(new Promise<never>(() => {}), ctx.signal);
    } catch {
      // Ctrl-C or SIGTERM: the normal end.
    } finally {
      await exporter.close();
    }
    return EXIT.OK;
  },
};
