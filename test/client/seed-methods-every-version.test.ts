import { describe, expect, it } from 'vitest';
import { API_VERSIONS, type ApiVersion, type JobProgress } from '../../src/index.js';
import { clientOf, master, simulator, until } from './helpers.js';

// Every seed operation is one typed call, on every API version family, against a real simulated
// pair: the client discovers the version from GET /api/versions and speaks it.
const FAMILIES = ['v25.04.0', 'v25.10.0', 'v25.10.2', 'v26.0.0', 'v27.0.0'] as const satisfies readonly ApiVersion[];

describe.each(FAMILIES)('seed operations on %s', (version) => {
  it('status, node, licensed, config, update, disabled.reasons, get_ips, reboot.info, syncs, jobs, become_passive', async () => {
    const sim = await simulator({ apiVersion: version });
    const client = clientOf(sim);
    await client.connect();
    expect(client.apiVersion).toBe(version);
    expect(API_VERSIONS).toContain(client.apiVersion);

    expect(await client.failover.licensed()).toBe(true);
    expect(await client.failover.status()).toBe('MASTER');
    const node = await client.failover.node();
    expect(node).toBe(master(sim));
    const config = await client.failover.config();
    expect(config).toMatchObject({ id: expect.any(Number), disabled: false, timeout: expect.any(Number) });

    expect(await client.failover.update({ timeout: 9 })).toMatchObject({ timeout: 9 });
    expect((await client.failover.config()).timeout).toBe(9);
    expect(await client.failover.disabled.reasons()).toEqual([]);
    expect(Array.isArray(await client.failover.get_ips())).toBe(true);
    const info = await client.failover.reboot.info();
    expect(info.this_node.boot_id).toBe(sim.state().nodes[node as 'A' | 'B']?.bootId);
    expect(await client.failover.sync_to_peer()).toBeNull();
    expect(await client.failover.sync_from_peer()).toBeNull();

    // Emergency disable and re-enable, as the seed describes them.
    await client.failover.update({ disabled: true });
    expect(await client.failover.disabled.reasons()).toContain('NO_FAILOVER');
    await client.failover.update({ disabled: false });
    expect(await client.failover.disabled.reasons()).toEqual([]);

    // Jobs: reboot the other node (progress and result), then a rolling upgrade.
    const peerBoot = info.other_node?.boot_id;
    const reboot = client.failover.reboot.other_node();
    const progress: JobProgress[] = [];
    reboot.on('progress', (p) => progress.push(p));
    expect(await reboot).toBeNull();
    expect(reboot.state).toBe('SUCCESS');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.percent).toBe(100);
    expect((await client.failover.reboot.info()).other_node?.boot_id).not.toBe(peerBoot);

    const upgrade = client.failover.upgrade();
    expect(await upgrade.started).toEqual(expect.any(Number));
    expect(await upgrade).toBe(true);

    // The upgraded pair waits for the active controller's reboot: a planned failover finishes it.
    // The call resolves when the controller drops the connection to reboot.
    expect(await client.failover.become_passive()).toBeNull();
    await until(async () => master(sim) !== null && master(sim) !== node, 'the other controller to take the VIP', 20_000);
    await until(async () => (await client.failover.node()) !== node, 'the client to reach the new master', 20_000);
    expect(await client.failover.status()).toBe('MASTER');
  });
});

describe('methods only 25.04 exposes', () => {
  it('hardware, in_progress, control, force_master answer on v25.04.0', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.0' });
    const client = clientOf(sim, { apiVersion: 'v25.04.0' });
    expect(await client.failover.hardware()).toBe('IXKVM');
    expect(await client.failover.in_progress()).toBe(false);
    expect(await client.failover.force_master()).toBe(false);
    await client.failover.control('DISABLE', {});
    expect((await client.failover.config()).disabled).toBe(true);
    await client.failover.control('ENABLE', {});
    expect((await client.failover.config()).disabled).toBe(false);
  });
});
