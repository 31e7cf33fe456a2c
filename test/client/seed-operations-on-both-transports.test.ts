import { describe, expect, it } from 'vitest';
import { NotAvailableOverRestError } from '../../src/index.js';
import { clientOver, failure, simulatorForBoth, TRANSPORTS } from './helpers.js';

// The seed's common operations give the same results over WebSocket and REST, on 25.10 and
// 25.04; what TrueNAS did not expose over REST fails typed there, naming the WebSocket way.
describe.each(['v25.10.0', 'v25.04.2'] as const)('seed operations on %s over both transports', (apiVersion) => {
  it('reads and writes the same way over WebSocket and REST', async () => {
    const sim = await simulatorForBoth({ apiVersion });
    const ws = clientOver('websocket', sim);
    const rest = clientOver('rest', sim);
    for (const method of ['failover.config', 'failover.licensed', 'failover.node', 'failover.get_ips', 'failover.reboot.info'] as const) {
      expect(await rest.call(method), `${method} over REST`).toEqual(await ws.call(method));
    }
    expect(rest.apiVersion).toBe(apiVersion);
    expect(await rest.failover.update({ timeout: 6 })).toEqual(await ws.failover.config());
    expect(await ws.failover.update({ timeout: 2 })).toEqual(await rest.failover.config());
    expect(await rest.failover.sync_to_peer({ reboot: false })).toBeNull();
    expect(await rest.failover.sync_from_peer()).toBeNull();
    expect(await ws.failover.sync_to_peer()).toBeNull();
    const viaRest = await rest.call('core.get_jobs', [[['method', '=', 'failover.reboot.other_node']]]);
    expect(viaRest).toEqual([]);
  });

  it('runs failover.reboot.other_node as a job with the same result over both', async () => {
    const sim = await simulatorForBoth({ apiVersion });
    for (const transport of TRANSPORTS) {
      const client = clientOver(transport, sim);
      const job =
        apiVersion === 'v25.04.2'
          ? client.failover.reboot.other_node()
          : client.failover.reboot.other_node({ reason: 'test', graceful: true });
      expect(await job, `${transport} job result`).toBeNull();
      expect(job.state).toBe('SUCCESS');
      expect(job.lastProgress?.percent).toBe(100);
    }
  });

  it('rejects what REST does not expose with NotAvailableOverRestError naming the WebSocket alternative', async () => {
    const sim = await simulatorForBoth({ apiVersion });
    const ws = clientOver('websocket', sim);
    const rest = clientOver('rest', sim);
    const unexposed = apiVersion === 'v25.04.2' ? ['failover.disabled.reasons'] : ['failover.status', 'failover.disabled.reasons'];
    for (const method of unexposed) {
      const error = await failure(rest.call(method as 'failover.status'));
      expect(error, method).toBeInstanceOf(NotAvailableOverRestError);
      expect((error as NotAvailableOverRestError).method).toBe(method);
      expect((error as Error).message).toMatch(/WebSocket \(wss:\/\/\)/);
      await ws.call(method as 'failover.status');
    }
    if (apiVersion === 'v25.04.2') expect(await rest.call('failover.status')).toBe(await ws.failover.status());
  });
});
