import { describe, expect, it } from 'vitest';
import { type FailoverEvent, ValidationError } from '../../src/index.js';
import { clientOf, master, settle, simulator, until } from './helpers.js';

// failover.become_passive never answers: the controller reboots and the connection drops. That
// drop is the expected outcome, so the call resolves; the client then reaches the new master.
describe('failover.become_passive', () => {
  it('resolves with null when the controller drops the connection, and the client follows the VIP', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    await client.connect();
    const bootA = sim.state().nodes.A.bootId;
    expect(await client.failover.become_passive()).toBeNull();
    await until(() => events.length > 0, 'the failover event', 20_000);
    expect(events[0]).toMatchObject({
      from: { node: 'A', bootId: bootA },
      to: { node: 'B', status: 'MASTER' },
      nodeChanged: true,
      bootChanged: true,
    });
    expect(master(sim)).toBe('B');
    expect(await client.failover.node()).toBe('B');
    expect(client.controller?.node).toBe('B');
  });

  it('still rejects when the server refuses it (failover disabled)', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    await client.failover.update({ disabled: true });
    const outcome = await settle(client.failover.become_passive());
    const error = (outcome as { error: ValidationError }).error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ attribute: 'failover.become_passive', message: 'Failover must be enabled.' });
    expect(master(sim)).toBe('A');
  });
});
