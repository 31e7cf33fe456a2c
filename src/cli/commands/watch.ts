/** `watch`: one line per HA event (status, disabled reasons, reboot info, connection) until Ctrl-C. */

import { reasonMeaning } from '../../ha/reasons.js';
import { numberOption } from '../args.js';
import type { CommandSpec } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { untilAborted } from '../interrupt.js';
import { JSON_OPTION } from '../options.js';
import { paintStatus } from './status.js';

interface RebootInfo {
  boot_id?: string;
  reboot_required_reasons?: { code: string }[];
}

function describeRebootInfo(fields: { this_node?: RebootInfo | null; other_node?: RebootInfo | null }): string {
  const one = (label: string, i: RebootInfo | null | undefined) => {
    if (!i) return `${label}: not reachable`;
    const reasons = (i.reboot_required_reasons ?? []).map((r) => r.code);
    return `${label}: boot ${String(i.boot_id ?? '?').slice(0, 8)}, ${reasons.length ? `reboot needed (${reasons.join(', ')})` : 'no reboot needed'}`;
  };
  return `${one('this', fields.this_node)}; ${one('other', fields.other_node)}`;
}

export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'live HA events, one line each with the time: status, disabled reasons, reboot info, connection',
  usage: ['watch [--json] [--count N] [--for SECONDS]'],
  description: [
    'Subscribes to failover.status, failover.disabled.reasons and failover.reboot.info and prints one line per',
    'event, starting with the current values. Connection changes (the VIP moving, reconnects) are events too.',
    'TrueNAS sends status and reasons only when they change and not on subscribe; after a reconnect the CLI reads',
    'them again and prints what changed meanwhile ("caught up"). Runs until Ctrl-C (exit 0), --count or --for.',
    '--json prints NDJSON: {"time", "event", "node", "fields", "caughtUp"} per line.',
  ],
  options: [
    JSON_OPTION,
    { name: 'count', type: 'string', valueName: 'N', description: 'stop after N lines' },
    { name: 'for', type: 'string', valueName: 'SECONDS', description: 'stop after this long' },
  ],
  connects: true,
  examples: [
    'truenas-failover watch',
    'truenas-failover watch --json | jq -c "select(.event == \\"failover.status\\")"',
    'truenas-failover watch --for 600 > events.log',
  ],
  async run(ctx) {
    const count = numberOption(ctx.args, 'count', { integer: true, min: 1 });
    const duration = numberOption(ctx.args, 'for', { min: 0.1 });
    const json = ctx.args.values.json === true;
    const { out } = ctx;
    const stop = new AbortController();
    const signal = AbortSignal.any([ctx.signal, stop.signal]);
    let printed = 0;
    // The current values delivered while subscribing are the starting point, not a catch-up.
    let started = false;
    let client: Awaited<ReturnType<typeof ctx.client>>;
    const emit = (event: string, fields: unknown, human: string, caughtUp = false) => {
      if (signal.aborted) return;
      const time = new Date().toISOString();
      const node = client?.controller?.node ?? null;
      caughtUp &&= started;
      if (json) out.jsonLine({ time, event, node, fields, caughtUp });
      else {
        const label = event.replace(/^failover\./, '').padEnd(16);
        out.line(
          `${out.style.dim(time)}  ${out.style.bold(label)} ${node ? `node ${node}: ` : ''}${human}${caughtUp ? out.style.dim(' (caught up after reconnect)') : ''}`,
        );
      }
      if (count !== undefined && ++printed >= count) stop.abort();
    };
    try {
      client = await ctx.client();
      client.on('state', (state) => {
        if (state === 'reconnecting') emit('connection', { state }, out.style.yellow('connection lost; reconnecting'));
      });
      client.on('connected', (identity) =>
        emit(
          'connection',
          { state: 'ready', url: identity.url, node: identity.node ?? null, status: identity.status ?? null },
          `connected to ${identity.url} (${identity.status ?? '?'})`,
        ),
      );
      client.on('failover', (f) =>
        emit(
          'failover',
          { from: f.from.node ?? null, to: f.to.node ?? null, bootChanged: f.bootChanged },
          out.style.magenta(
            `now talking to node ${f.to.node ?? '?'} (was node ${f.from.node ?? '?'}${f.bootChanged && !f.nodeChanged ? ', rebooted' : ''})`,
          ),
        ),
      );
      await client.subscribe(
        'failover.status',
        (fields, msg) => {
          const status = (fields as { status?: string } | undefined)?.status ?? null;
          emit('failover.status', fields, paintStatus(out, status), msg.caughtUp);
        },
        { signal, current: true },
      );
      await client.subscribe(
        'failover.disabled.reasons',
        (fields, msg) => {
          const codes = ((fields as { disabled_reasons?: string[] } | undefined)?.disabled_reasons ?? []).map(String);
          const text = codes.length
            ? codes.map((c) => `${out.style.yellow(c)} (${reasonMeaning(c)})`).join(', ')
            : out.style.green('none (automatic failover possible)');
          emit('failover.disabled.reasons', fields, text, msg.caughtUp);
        },
        { signal, current: true },
      );
      const info = await client.failover.reboot.info({ signal });
      emit('failover.reboot.info', info, describeRebootInfo(info as never));
      await client.subscribe(
        'failover.reboot.info',
        (fields, msg) => emit('failover.reboot.info', fields, describeRebootInfo((fields ?? {}) as never), msg.caughtUp),
        { signal },
      );
    } catch (error) {
      // --count reached while still subscribing: that is the end, not a failure.
      if (!stop.signal.aborted) throw error;
    }
    started = true;
    const timer = duration !== undefined ? setTimeout(() => stop.abort(), duration * 1000) : undefined;
    try {
      await untilAborted(new Promise<never>(() => {}), signal);
    } catch {
      // Ctrl-C, --count or --for: watching ends normally.
    } finally {
      if (timer) clearTimeout(timer);
    }
    return EXIT.OK;
  },
};
