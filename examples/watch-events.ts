/**
 * Watching the pair: `failover.status` and `failover.disabled.reasons` events (TrueNAS pushes them
 * only on change; after a reconnect the client delivers what changed meanwhile, marked caught up),
 * and the client's own `failover` event. The active controller is killed and restored.
 *   npx tsx examples/watch-events.ts
 */
import { startPair } from './lib/pair.js';

const pair = await startPair();
const { client, sim } = pair;
try {
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
  client.on('state', (state) => console.log(`${at()}  client ${state}`));
  client.on('failover', ({ from, to }) => console.log(`${at()}  failover: node ${from.node} → node ${to.node}`));
  // `current: true` also delivers the value now (TrueNAS itself pushes only changes).
  await client.subscribe(
    'failover.status',
    (fields, m) => console.log(`${at()}  status ${fields.status}${m.caughtUp ? ' (caught up)' : ''}`),
    {
      current: true,
    },
  );
  const stop = new AbortController();
  const reasons = (async () => {
    for await (const event of client.events('failover.disabled.reasons', { signal: stop.signal })) {
      console.log(
        `${at()}  disabled reasons: ${event.fields?.disabled_reasons.join(', ') || 'none'}${event.caughtUp ? ' (caught up)' : ''}`,
      );
    }
  })();

  const active = sim.state().vip.holder!;
  console.log(`${at()}  killing node ${active}`);
  sim.faults.killController(active);
  await client.ha.waitFor((s) => s.node !== active && s.status === 'MASTER', { timeout: 30_000 });
  console.log(`${at()}  restoring node ${active}`);
  sim.faults.restoreController(active);
  await client.ha.waitFor((s) => s.healthy === true, { timeout: 60_000 });
  stop.abort();
  await reasons;
} finally {
  await pair.close();
}
