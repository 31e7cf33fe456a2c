/**
 * The exporter's Prometheus metrics (prom-client). Names are fixed: dashboards and the alert rules
 * in monitoring/ depend on them (docs/monitoring.md lists each). Values are taken from the pairs'
 * current states at each scrape. While a pair cannot be read, only `truenas_failover_up` (0), its
 * counters and the exporter's own series remain: the last known HA state is not served as current.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { PairHaState, PairState } from './types.js';

/** The statuses a controller reports (`failover.status`); each gets a 0/1 series. */
export const STATUSES = ['MASTER', 'BACKUP', 'SINGLE', 'ELECTING', 'IMPORTING', 'ERROR'] as const;

export interface MetricsSource {
  /** The pairs' current states. */
  states(): Iterable<PairState>;
  /** Browsers following the status page now. */
  pageClients(): number;
}

const seconds = (ms: number) => ms / 1000;

/** A registry whose metrics are read from `source` at each scrape. */
export function createMetrics(source: MetricsSource): Registry {
  const registry = new Registry();
  const registers = [registry];
  type Put = (labels: Record<string, string>, value: number) => void;
  // One metric whose series are set from the states at collection time (reset first, so that a
  // series that no longer applies disappears).
  const metric = (kind: 'gauge' | 'counter', name: string, help: string, labelNames: string[], fill: (put: Put, s: PairState) => void) => {
    const config = {
      name,
      help,
      labelNames,
      registers,
      collect(this: Gauge | Counter) {
        this.reset();
        const put: Put = kind === 'gauge' ? (l, v) => (this as Gauge).set(l, v) : (l, v) => (this as Counter).inc(l, v);
        for (const s of source.states()) fill(put, s);
      },
    };
    return kind === 'gauge' ? new Gauge(config) : new Counter(config);
  };
  // The pair's current HA state: absent while the pair cannot be read.
  const haGauge = (name: string, help: string, labelNames: string[], fill: (put: Put, ha: PairHaState, pair: string) => void) =>
    metric('gauge', name, help, labelNames, (put, s) => {
      if (s.up && s.ha) fill(put, s.ha, s.name);
    });
  const perPair = (name: string, help: string, value: (ha: PairHaState) => number | boolean) =>
    haGauge(name, help, ['pair'], (put, ha, pair) => put({ pair }, Number(value(ha))));

  metric('gauge', 'truenas_failover_up', '1 while the exporter reads the pair over a working connection, else 0.', ['pair'], (put, s) =>
    put({ pair: s.name }, s.up && s.ha ? 1 : 0),
  );
  haGauge(
    'truenas_failover_status',
    "1 for each controller's current failover.status, 0 for its other statuses.",
    ['pair', 'node', 'status'],
    (put, ha, pair) => {
      for (const c of ha.controllers) {
        if (c.status === undefined) continue;
        for (const status of STATUSES) put({ pair, node: c.node, status }, c.status === status ? 1 : 0);
        if (!(STATUSES as readonly string[]).includes(c.status)) put({ pair, node: c.node, status: c.status }, 1);
      }
    },
  );
  perPair(
    'truenas_failover_healthy',
    '1 when a controller is MASTER, the pair is HA-licensed, failover is enabled and no disabled reason is set.',
    (ha) => ha.healthy,
  );
  perPair(
    'truenas_failover_disabled',
    '1 when failover is administratively disabled (failover.config.disabled).',
    (ha) => ha.failoverDisabled,
  );
  haGauge(
    'truenas_failover_disabled_reason',
    'One series (value 1) per current failover.disabled.reasons code: why automatic failover is not possible now.',
    ['pair', 'reason'],
    (put, ha, pair) => {
      for (const reason of ha.disabledReasons ?? []) put({ pair, reason }, 1);
    },
  );
  metric(
    'counter',
    'truenas_failover_master_changes_total',
    'How many times the MASTER moved to the other controller since the exporter started.',
    ['pair'],
    (put, s) => put({ pair: s.name }, s.masterChanges),
  );
  metric(
    'gauge',
    'truenas_failover_last_change_timestamp_seconds',
    'When the current MASTER took over (or when the exporter first saw it), seconds since the epoch.',
    ['pair'],
    (put, s) => s.masterSince !== undefined && put({ pair: s.name }, seconds(s.masterSince)),
  );
  haGauge(
    'truenas_failover_reboot_required',
    '1 when the controller must reboot (failover.reboot.info), else 0; absent while it cannot be asked.',
    ['pair', 'node'],
    (put, ha, pair) => {
      for (const c of ha.controllers) if (c.rebootRequired !== undefined) put({ pair, node: c.node }, c.rebootRequired.length > 0 ? 1 : 0);
    },
  );
  perPair('truenas_failover_timeout_seconds', 'failover.config.timeout (0: the default, about 2 s).', (ha) => ha.timeout);
  perPair('truenas_failover_licensed', '1 when the system is licensed for HA (failover.licensed).', (ha) => ha.licensed);

  metric(
    'counter',
    'truenas_failover_exporter_reads_total',
    "The exporter's reads of the pair (client.ha.snapshot), by result.",
    ['pair', 'result'],
    (put, s) => {
      put({ pair: s.name, result: 'ok' }, s.reads.ok);
      put({ pair: s.name, result: 'error' }, s.reads.failed);
    },
  );
  metric('gauge', 'truenas_failover_exporter_read_duration_seconds', 'How long the last read of the pair took.', ['pair'], (put, s) => {
    if (s.reads.lastDurationMs !== undefined) put({ pair: s.name }, seconds(s.reads.lastDurationMs));
  });
  metric(
    'gauge',
    'truenas_failover_exporter_last_read_timestamp_seconds',
    'When the pair was last read successfully, seconds since the epoch.',
    ['pair'],
    (put, s) => s.ha && put({ pair: s.name }, seconds(s.ha.readAt)),
  );
  metric(
    'counter',
    'truenas_failover_exporter_connection_losses_total',
    'Connections to the pair that dropped while the exporter was using them (a failover moves the VIP: one each).',
    ['pair'],
    (put, s) => put({ pair: s.name }, s.reads.connectionLosses),
  );
  new Gauge({
    name: 'truenas_failover_exporter_pairs',
    help: 'Pairs the exporter watches.',
    registers,
    collect() {
      let n = 0;
      for (const _ of source.states()) n++;
      this.set(n);
    },
  });
  new Gauge({
    name: 'truenas_failover_exporter_page_clients',
    help: 'Browsers following the status page (Server-Sent Events) now.',
    registers,
    collect() {
      this.set(source.pageClients());
    },
  });
  collectDefaultMetrics({ register: registry });
  return registry;
}
