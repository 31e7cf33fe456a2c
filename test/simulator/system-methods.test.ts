/**
 * The system calls automation uses around reboots, per release: plugins/system/lifecycle.py
 * (`boot_id`, `ready`, `reboot`), product.py (`version`), info.py (`info`), reboot.py
 * (`SystemRebootService.info`) at TS-25.04.2, TS-25.10.2, stable/26 and master, and the
 * middleware's own `do_failover()` helper (middlewared/test/integration/utils/failover.py), which
 * fails an HA pair over with `system.reboot` on the active controller.
 */
import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { connect, finishedJob, session, simulator, waitForNewMaster, waitUntil } from './helpers.js';

const VERSIONS: ApiVersion[] = ['v25.04.2', 'v25.10.2', 'v26.0.0', 'v27.0.0'];

describe.each(VERSIONS)('system.* on %s', (apiVersion) => {
  it('boot_id needs no login; ready, version, info and reboot.info answer with the real shapes and roles', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const state = sim.state().nodes.A;
      // lifecycle.py `boot_id`: authentication_required=False (25.04: @no_auth_required).
      const anonymous = await connect(sim.vip.ws);
      expect(await anonymous.call('system.boot_id')).toBe(state.bootId);
      expect((await anonymous.request('system.ready')).error?.data?.errname).toBe('ENOTAUTHENTICATED');
      anonymous.close();

      const admin = await session(sim.vip.ws, sim);
      expect(await admin.call('system.ready')).toBe(true);
      // product.py `version`: sw_info()['fullname'] = f'{BRAND}-{version}'.
      expect(await admin.call('system.version')).toBe(`TrueNAS-${state.version}`);
      // reboot.py `SystemRebootService.info`.
      expect(await admin.call('system.reboot.info')).toEqual({ boot_id: state.bootId, reboot_required_reasons: [] });
      // info.py `info`: version_short, datetimes as {$date}, the uptime as Python's str(timedelta).
      const info = await admin.call<Record<string, unknown>>('system.info');
      expect(info).toMatchObject({
        version: state.version,
        hostname: 'truenas-a',
        buildtime: { $date: expect.any(Number) },
        boottime: { $date: expect.any(Number) },
        datetime: { $date: expect.any(Number) },
        uptime_seconds: expect.any(Number),
        uptime: expect.stringMatching(/^\d+:\d\d:\d\d(\.\d{6})?$/),
        license: expect.objectContaining({ model: expect.any(String), system_serial_ha: expect.any(String) }),
        ecc_memory: true,
      });
      expect(Object.keys(info).sort()).toEqual(
        [
          'version',
          'buildtime',
          'hostname',
          'physmem',
          'model',
          'cores',
          'physical_cores',
          'loadavg',
          'uptime',
          'uptime_seconds',
          'system_serial',
          'system_product',
          'system_product_version',
          'license',
          'boottime',
          'datetime',
          'timezone',
          'system_manufacturer',
          'ecc_memory',
        ].sort(),
      );
      // Too many arguments: 25.04's @accepts raises a CallError (EFAULT), api_method a validation error.
      const extra = await admin.request('system.version', [1]);
      if (apiVersion === 'v25.04.2') {
        expect(extra.error).toMatchObject({
          code: -32001,
          data: { errname: 'EFAULT', reason: '[EFAULT] Too many arguments (expected 0, found 1)' },
        });
      } else {
        expect(extra.error).toMatchObject({ code: -32602, data: { extra: [['', 'Too many arguments (expected 0, found 1)', 22]] } });
      }
      admin.close();

      // Roles: ready is SYSTEM_GENERAL_READ from 25.10 (25.04: no roles, so FULL_ADMIN only); info READONLY_ADMIN;
      // version needs no authorization; reboot FULL_ADMIN.
      const viewer = await session(sim.vip.ws, sim, 'readonly');
      const ready = await viewer.request('system.ready');
      if (apiVersion === 'v25.04.2') expect(ready.error?.data?.errname).toBe('EACCES');
      else expect(ready.result).toBe(true);
      expect(await viewer.call('system.version')).toBe(`TrueNAS-${state.version}`);
      expect(await viewer.call<{ hostname: string }>('system.info')).toMatchObject({ hostname: 'truenas-a' });
      expect((await viewer.request('system.reboot', ['no'])).error?.data?.errname).toBe('EACCES');
      viewer.close();
    } finally {
      await sim.stop();
    }
  });

  it('system.reboot is a job that reboots the controller: on the active one the pair fails over (do_failover)', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const bootId = sim.state().nodes.A.bootId;
      const admin = await session(sim.vip.ws, sim);
      await admin.call('core.subscribe', ['system.reboot']);
      // Bad arguments start a job that fails with the validation error (lifecycle.py `reboot` is an @job api_method).
      const bad = await admin.call<number>('system.reboot', ['']);
      expect(await finishedJob(admin, bad)).toMatchObject({
        state: 'FAILED',
        arguments: [''],
        exc_info: { type: 'VALIDATION', extra: [['reason', 'String should have at least 1 character', 22]] },
      });
      const id = await admin.call<number>('system.reboot', ['do_failover(): test']);
      expect(Number.isInteger(id)).toBe(true);
      // send_event('system.reboot', 'ADDED', fields={'reason': reason}) before the shutdown.
      const event = await admin.waitFor((n) => n.params.collection === 'system.reboot');
      expect(event.params).toEqual({ msg: 'added', collection: 'system.reboot', fields: { reason: 'do_failover(): test' } });
      await admin.closed;
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      await waitUntil(() => sim.state().nodes.A.ready, 20_000, 'A back as standby');
      expect(sim.state().nodes.A).toMatchObject({ status: 'BACKUP' });
      expect(sim.state().nodes.A.bootId).not.toBe(bootId);
    } finally {
      await sim.stop();
    }
  });
});

describe('system.* over REST (25.x; TrueNAS 26 removed REST)', () => {
  it('GET /api/v2.0/system/boot_id needs no credentials; POST /system/reboot answers a job id', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const bootId = await fetch(`${sim.b.http}/api/v2.0/system/boot_id`);
      expect(bootId.status).toBe(200);
      expect(await bootId.json()).toBe(sim.state().nodes.B?.bootId);
      const headers = { authorization: `Bearer ${sim.credentials.apiKey}` };
      const version = await fetch(`${sim.b.http}/api/v2.0/system/version`, { headers });
      expect(await version.json()).toBe(`TrueNAS-${sim.state().nodes.B?.version}`);
      const reboot = await fetch(`${sim.b.http}/api/v2.0/system/reboot`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'REST reboot of the standby' }),
      });
      expect(reboot.status).toBe(200);
      expect(Number.isInteger(await reboot.json())).toBe(true);
      await waitUntil(() => sim.state().nodes.B?.up === false, 20_000, 'B to go down');
      expect(sim.state().vip.holder).toBe('A');
    } finally {
      await sim.stop();
    }
  });
});
