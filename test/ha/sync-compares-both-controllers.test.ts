import { describe, expect, it } from 'vitest';
import { FailoverPreconditionError, FailoverVerificationError } from '../../src/index.js';
import { pairClient, record, restClient, settle, simulator } from './helpers.js';

describe('client.ha.syncToPeer() / syncFromPeer()', () => {
  it('sync from the peer: a change made only on the standby reaches the active controller, and both read the same', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = pairClient(sim);
    // Writes on a standby are not replicated: the standby now differs (REST authenticates per request, no REDIRECT).
    const standby = restClient(sim, { b: sim.b.http });
    await standby.failover.update({ timeout: 7 });
    expect(sim.state().nodes.A.config.timeout).toBe(0);

    const workflow = client.ha.syncFromPeer({ interval: 100 });
    const updates = record(workflow);
    const report = await workflow;
    expect(report).toMatchObject({ direction: 'from-peer', source: 'B', target: 'A', activeConfig: { timeout: 7 } });
    expect(report.verification).toEqual({
      status: 'matched',
      via: 'rest',
      peerConfig: { id: 1, disabled: false, master: true, timeout: 7 },
    });
    expect(sim.state().nodes.A.config.timeout).toBe(7);
    expect(updates.filter((u) => u.type === 'phase').map((u) => u.phase?.id)).toEqual(['check', 'sync', 'verify']);
    expect(workflow.warnings).toEqual([]);
  });

  it('sync to the peer: the standby’s own change is overwritten by the active controller’s configuration', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = pairClient(sim);
    const standby = restClient(sim, { b: sim.b.http });
    await standby.failover.update({ timeout: 9 });
    const report = await client.ha.syncToPeer({ interval: 100 });
    expect(report).toMatchObject({ direction: 'to-peer', source: 'A', target: 'B', activeConfig: { timeout: 0, master: true } });
    expect(report.verification).toMatchObject({ status: 'matched', peerConfig: { timeout: 0, master: false } });
    expect(sim.state().nodes.B?.config.timeout).toBe(0);
    expect(report.disabledReasons).toEqual([]);
  });

  it('detects controllers that differ after the sync (here: the standby changed while it was being compared)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = pairClient(sim);
    const standby = restClient(sim, { b: sim.b.http });
    await client.connect();
    const workflow = client.ha.syncToPeer({ interval: 100 });
    workflow.on('phase', (phase) => {
      if (phase.id !== 'verify') return;
      // WebSocket frames are late from now on; the REST change to the standby lands before the comparison reads it.
      sim.faults.delayFrames(200);
      void standby.failover.update({ timeout: 11 });
    });
    const result = await settle(workflow);
    sim.faults.delayFrames(0);
    const error = (result as { error: FailoverVerificationError }).error;
    expect(error).toBeInstanceOf(FailoverVerificationError);
    expect(error.check).toBe('config-matches');
    expect(error.expected).toMatchObject({ timeout: 0 });
    expect(error.observed).toMatchObject({ timeout: 11 });
  });

  it('TrueNAS 26+: the standby cannot be read (logins redirected, no REST); says so instead of guessing', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const workflow = client.ha.syncToPeer({ interval: 100 });
    const report = await workflow;
    expect(report.verification.status).toBe('unverified');
    expect(report.verification).toMatchObject({ why: expect.stringMatching(/redirects WebSocket logins .* has no REST/) });
    expect(workflow.warnings.map((w) => w.code)).toEqual(['not-compared']);
    expect(report.disabledReasons).toEqual([]);
  });

  it('without the controllers’ own addresses it cannot compare, and says which option is missing', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = pairClient(sim, { urls: { vip: sim.vip.ws } });
    const report = await client.ha.syncToPeer({ interval: 100 });
    expect(report.verification).toMatchObject({ status: 'unverified', why: expect.stringMatching(/urls: \{ a, b \}/) });
  });

  it('refuses when the standby cannot be reached, and from the standby itself', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = pairClient(sim);
    sim.faults.killController('B');
    const down = await settle(client.ha.syncToPeer());
    expect((down as { error: unknown }).error).toBeInstanceOf(FailoverPreconditionError);
    expect((down as { error: FailoverPreconditionError }).error.precondition).toBe('peer-healthy');
    sim.faults.restoreController('B');
    const standby = restClient(sim, { b: sim.b.http });
    const fromStandby = await settle(standby.ha.syncToPeer());
    expect((fromStandby as { error: FailoverPreconditionError }).error.precondition).toBe('active-controller');
  });
});
