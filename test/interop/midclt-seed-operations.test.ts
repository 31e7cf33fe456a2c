import { expect, it } from 'vitest';
import { simulator, waitUntil } from '../simulator/helpers.js';
import { describeMidclt, midclt, uri } from './midclt.js';

/** The "Common HA Operations" of the seed page, run with midclt exactly as written there. */
describeMidclt('midclt: the seed common HA operations', () => {
  it('check status, planned failover, sync, emergency disable/enable, rolling upgrade', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2', upgradeVersion: '25.10.3' });
    try {
      const call = (...args: string[]) =>
        midclt([...uri(sim.vip.ws), '-U', sim.credentials.username, '-P', sim.credentials.password, 'call', ...args], {
          timeoutMs: 90_000,
        });

      // Check HA status.
      expect((await call('failover.licensed')).stdout).toBe('True\n');
      expect((await call('failover.status')).stdout).toBe('MASTER\n');
      expect((await call('failover.node')).stdout).toBe('A\n');
      expect(JSON.parse((await call('failover.disabled.reasons')).stdout)).toEqual([]);

      // Planned failover: the controller reboots under the call, so midclt reports the dropped connection.
      const passive = await call('failover.become_passive');
      expect(passive.code).toBe(1);
      expect(passive.stderr).toMatch(/closed/i);
      await waitUntil(async () => (await call('failover.node')).stdout === 'B\n', 20_000, 'B to become active');
      expect((await call('failover.status')).stdout).toBe('MASTER\n');
      await waitUntil(() => sim.state().nodes.A.ready, 20_000, 'A back as standby');

      // Sync configuration after a change on the active controller.
      expect((await call('failover.update', '{"timeout": 4}')).code).toBe(0);
      expect((await call('failover.sync_to_peer')).stdout).toBe('null\n');
      expect(sim.state().nodes.A.config.timeout).toBe(4);

      // Emergency disable, then re-enable.
      expect(JSON.parse((await call('failover.update', '{"disabled": true}')).stdout)).toMatchObject({ disabled: true });
      expect(JSON.parse((await call('failover.disabled.reasons')).stdout)).toEqual(['NO_FAILOVER']);
      expect(JSON.parse((await call('failover.update', '{"disabled": false}')).stdout)).toMatchObject({ disabled: false });
      expect(JSON.parse((await call('failover.disabled.reasons')).stdout)).toEqual([]);

      // Rolling upgrade: the standby (A) upgrades and reboots; B then needs a reboot, done by a planned failover.
      const upgrade = await call('-j', 'failover.upgrade');
      expect(upgrade).toMatchObject({ code: 0, stdout: 'True\n' });
      expect(JSON.parse((await call('failover.disabled.reasons')).stdout)).toEqual(['MISMATCH_VERSIONS', 'LOC_UPGRADE_REBOOT_REQ']);
      await call('failover.become_passive');
      await waitUntil(async () => (await call('failover.node')).stdout === 'A\n', 20_000, 'A to become active');
      await waitUntil(() => sim.state().nodes.B?.ready === true, 20_000, 'B back');
      expect(sim.state().nodes.A.version).toBe('25.10.3');
      expect(sim.state().nodes.B?.version).toBe('25.10.3');
      await waitUntil(async () => (await call('failover.disabled.reasons')).stdout === '[]\n', 20_000, 'a healthy pair');
    } finally {
      await sim.stop();
    }
  }, 180_000);
});
