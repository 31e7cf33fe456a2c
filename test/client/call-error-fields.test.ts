import { describe, expect, it } from 'vitest';
import { CallError, ERRNO } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// A server error keeps everything TrueNAS says: JSON-RPC code, errno and its name, reason, extra, trace.
describe('CallError', () => {
  it('carries code, errno, errname, reason, extra and trace', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    sim.faults.failNextCall('failover.sync_to_peer', {
      errno: ERRNO.EREMOTENODEERROR,
      reason: 'peer refused the sync',
      extra: { peer: 'B' },
    });
    const outcome = await settle(client.failover.sync_to_peer());
    const error = (outcome as { error: CallError }).error;
    expect(error).toBeInstanceOf(CallError);
    expect(error.method).toBe('failover.sync_to_peer');
    expect(error.code).toBe(-32001);
    expect(error.errno).toBe(204);
    expect(error.errname).toBe('EREMOTENODEERROR');
    expect(error.reason).toBe('[EREMOTENODEERROR] peer refused the sync');
    expect(error.extra).toEqual({ peer: 'B' });
    expect(error.trace?.class).toEqual(expect.any(String));
    expect(error.message).toContain('failover.sync_to_peer failed: [EREMOTENODEERROR] peer refused the sync');
  });

  it('reports an unknown method as -32601', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const outcome = await settle(client.call('failover.no_such_method'));
    expect((outcome as { error: CallError }).error).toBeInstanceOf(CallError);
    expect((outcome as { error: CallError }).error.code).toBe(-32601);
  });

  it('reports a missing role as errno 13 (EACCES)', async () => {
    const sim = await simulator();
    const reader = clientOf(sim, { auth: { username: sim.credentials.readonly.username, apiKey: sim.credentials.readonly.apiKey } });
    expect(await reader.failover.status()).toBe('MASTER');
    const outcome = await settle(reader.failover.update({ timeout: 4 }));
    expect((outcome as { error: CallError }).error.errno).toBe(ERRNO.EACCES);
  });
});
