/**
 * `failover.call_remote` on 25.10 and later (failover_/remote.py `FailoverService.call_remote`):
 * private (FailoverService `Config.private`), which the RPC server still runs for a full admin
 * (api/base/server/ws_handler/rpc.py `process_message` only logs; `private_methods` changes that
 * logging only), refused EACCES to a read-only admin (tests/api2/test_014_failover_related.py
 * `test_08_readonly_ops`), returning the peer's result (`settle_ha()` in
 * middlewared/test/integration/utils/ha.py calls `failover.call_remote failover.in_progress`).
 */
import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { session, simulator } from './helpers.js';

const VERSIONS: ApiVersion[] = ['v25.10.2', 'v26.0.0', 'v27.0.0'];

describe.each(VERSIONS)('failover.call_remote on %s', (apiVersion) => {
  it('runs the method on the peer for a full admin and returns its result; a read-only admin gets EACCES', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const admin = await session(sim.a.ws, sim);
      expect(await admin.call('failover.call_remote', ['failover.status'])).toBe('BACKUP');
      expect(await admin.call('failover.call_remote', ['failover.node'])).toBe('B');
      expect(await admin.call('failover.call_remote', ['system.boot_id'])).toBe(sim.state().nodes.B?.bootId);
      expect(await admin.call('failover.call_remote', ['failover.in_progress', []])).toBe(false);
      expect(await admin.call('failover.call_remote', ['failover.config', [], { timeout: 5 }])).toMatchObject({ master: false });
      // The peer's answer to an unknown method (-32601) comes back as EFAULT with the client's text.
      expect((await admin.request('failover.call_remote', ['no.such'])).error).toMatchObject({
        code: -32001,
        data: { errname: 'EFAULT', reason: '[EFAULT] Method does not exist' },
      });
      // A validation error on the peer: the client's ValidationErrors text, re-raised as EFAULT.
      expect((await admin.request('failover.call_remote', ['failover.update', [{ timeout: 'x' }]])).error?.data).toMatchObject({
        errname: 'EFAULT',
        reason: '[EFAULT] [EINVAL] data.timeout: Input should be a valid integer',
      });
      // Private methods need no `private_methods` option: it only changes the server's logging.
      expect(await admin.call('core.set_options', [{ private_methods: false }])).toMatchObject({ private_methods: false });
      expect(await admin.call('failover.call_remote', ['failover.licensed'])).toBe(true);
      admin.close();

      const viewer = await session(sim.a.ws, sim, 'readonly');
      expect((await viewer.request('failover.call_remote', ['user.update'])).error).toMatchObject({
        code: -32001,
        data: { error: 13, errname: 'EACCES', reason: '[EACCES] Not authorized' },
      });
      viewer.close();
    } finally {
      await sim.stop();
    }
  });

  it('reports an unreachable peer with its network errno (raise_connect_error: false answers null)', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const admin = await session(sim.a.ws, sim);
      sim.faults.cutHeartbeat();
      // call_remote re-raises CallError(str(e), e.errno): the inner text keeps its own prefix.
      expect((await admin.request('failover.call_remote', ['failover.status'])).error?.data).toMatchObject({
        error: 111,
        errname: 'ECONNREFUSED',
        reason: '[ECONNREFUSED] [ECONNREFUSED] Remote connection unavailable',
      });
      expect(await admin.call('failover.call_remote', ['failover.status', [], { raise_connect_error: false }])).toBeNull();
      admin.close();
    } finally {
      await sim.stop();
    }
  });
});

describe('failover.call_remote on 25.04 (public there)', () => {
  it('answers a read-only admin EACCES too (no roles: FULL_ADMIN only) and accepts a float connect_timeout', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    try {
      const admin = await session(sim.a.ws, sim);
      expect(await admin.call('failover.call_remote', ['system.ready', [], { connect_timeout: 2.5 }])).toBe(true);
      admin.close();
      const viewer = await session(sim.a.ws, sim, 'readonly');
      expect((await viewer.request('failover.call_remote', ['failover.status'])).error?.data?.errname).toBe('EACCES');
      viewer.close();
    } finally {
      await sim.stop();
    }
  });
});
