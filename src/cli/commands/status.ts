import type { CommandContext, CommandSpec } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { type ControllerReport, readStatus, type StatusReport } from '../ha/snapshot.js';
import { docPath } from '../help.js';
import { JSON_OPTION } from '../options.js';
import type { Output } from '../output.js';

/** Colour of a failover status: green for the active one, cyan for a standby, red otherwise. */
export function paintStatus(out: Output, status: string | null): string {
  if (status === null) return out.style.dim('unknown');
  if (status === 'MASTER') return out.style.green(status);
  if (status === 'BACKUP') return out.style.cyan(status);
  if (status === 'SINGLE') return out.style.yellow(status);
  return out.style.red(status);
}

const SOURCE: Record<string, string> = { redirect: ' (from its login redirect)', inferred: ' (inferred from the disabled reasons)' };

function controllerColumn(out: Output, c: ControllerReport | null): string[] {
  if (!c) return ['-', '-', '-', '-'];
  const reboot =
    c.rebootRequired === null
      ? out.style.dim('unknown (not reachable)')
      : c.rebootRequired.length === 0
        ? 'no'
        : out.style.yellow(c.rebootRequired.map((r) => r.code).join(', '));
  return [
    c.node ?? '?',
    `${paintStatus(out, c.status)}${c.statusSource ? (SOURCE[c.statusSource] ?? '') : ''}`,
    c.bootId ? c.bootId.slice(0, 8) : out.style.dim('unknown'),
    reboot,
  ];
}

/** The human rendering of a status report. */
export function printStatus(out: Output, r: StatusReport): void {
  const verdict = r.healthy
    ? out.style.green(r.summary)
    : r.condition === 'reboot-required'
      ? out.style.yellow(r.summary)
      : out.style.red(r.summary);
  out.line(`${out.style.bold('HA pair:')} ${verdict}`);
  out.line();
  const self = controllerColumn(out, r.controllers.this);
  const peer = controllerColumn(out, r.controllers.peer);
  const labels = ['node', 'status', 'boot id', 'reboot needed'];
  out.table(
    ['', 'this controller', 'other controller'],
    labels.map((l, i) => [l, self[i]!, peer[i]!]),
    '  ',
  );
  out.line();
  const cfg = r.config;
  const failover = cfg
    ? `${cfg.disabled ? out.style.red('DISABLED') : out.style.green('enabled')}  (timeout ${cfg.timeout} s${cfg.timeout <= 2 ? ' = default, about 2 s' : ''}; designated master: ${cfg.master ? 'this controller' : 'the other controller'})`
    : out.style.dim('unknown');
  const reasons = r.disabledReasons.length
    ? r.disabledReasons.map((d, i) => `${i ? `${' '.repeat(20)}` : ''}${out.style.yellow(d.code)}: ${d.meaning}`).join('\n')
    : out.style.green('none');
  out.pairs(
    [
      ['licensed', r.licensed ? 'yes' : out.style.yellow('no')],
      ['failover', failover],
      ['disabled reasons', reasons],
      ['reached', `${r.address ?? '?'}${r.apiVersion ? ` (API ${r.apiVersion})` : ''}`],
    ],
    '  ',
  );
}

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'licensed, status, node, config, disabled reasons and reboot info of both controllers; exit code = health',
  usage: ['status [--json]'],
  description: [
    'Reads failover.licensed, status, node, config, disabled.reasons and reboot.info in parallel. The other',
    "controller's status is asked directly when its address is given (--a/--b), else inferred where TrueNAS's",
    'own checks prove it. The exit code says whether the pair is healthy; the first matching condition wins.',
    `\`--json\` prints the report documented by ${docPath('status-output.schema.json')} (also on a non-zero exit).`,
  ],
  options: [JSON_OPTION],
  connects: true,
  exitCodes: [
    [EXIT.OK, 'healthy: licensed, MASTER, failover enabled, no disabled reasons, no reboot pending'],
    [EXIT.UNLICENSED, 'not HA-licensed (SINGLE)'],
    [EXIT.NOT_MASTER, 'the controller reached is not MASTER (use the VIP)'],
    [EXIT.FAILOVER_DISABLED, 'failover administratively disabled'],
    [EXIT.DISABLED_REASONS, 'disabled reasons present: no automatic failover now'],
    [EXIT.REBOOT_REQUIRED, 'a controller must reboot (e.g. to finish an upgrade)'],
    [EXIT.AUTH, 'login failed'],
    [EXIT.UNREACHABLE, 'no controller reachable'],
  ],
  examples: [
    'truenas-failover status --vip wss://nas.example --a wss://nas-a.example --b wss://nas-b.example',
    'truenas-failover status --json | jq .disabledReasons',
    'truenas-failover status >/dev/null || echo "HA not healthy: exit $?"',
  ],
  async run(ctx: CommandContext) {
    const client = await ctx.client();
    const report = await readStatus(ctx, client);
    if (ctx.args.values.json) ctx.out.json(report);
    else printStatus(ctx.out, report);
    return report.exitCode;
  },
};
