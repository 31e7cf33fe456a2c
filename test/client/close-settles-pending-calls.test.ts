import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, createClient, OutcomeUnknownError } from '../../src/index.js';
import { apiKeyAuth, clientOf, settle, simulator } from './helpers.js';

// close() settles every pending call: nothing is left hanging.
describe('closing the client', () => {
  it('rejects calls in flight and waiting, and refuses new ones', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: false });
    await client.connect();
    sim.faults.hangController('A');
    const read = settle(client.failover.config());
    const write = settle(client.failover.update({ timeout: 3 }));
    const many = Array.from({ length: 50 }, () => settle(client.failover.status()));
    await new Promise((r) => setTimeout(r, 50));
    await client.close();
    expect(client.state).toBe('closed');
    const r = await read;
    expect((r as { error: unknown }).error).toBeInstanceOf(ConnectionClosedError);
    expect((r as { error: unknown }).error).not.toBeInstanceOf(OutcomeUnknownError);
    // A write on the wire when the connection closed: its outcome is unknown.
    expect((await write) as { error: unknown }).toMatchObject({ error: expect.any(OutcomeUnknownError) });
    for (const outcome of await Promise.all(many)) expect((outcome as { error: unknown }).error).toBeInstanceOf(ConnectionClosedError);
    expect((await settle(client.failover.status())) as { error: unknown }).toMatchObject({ error: expect.any(ConnectionClosedError) });
  });

  it('works with await using', async () => {
    const sim = await simulator();
    let observed: string | undefined;
    {
      await using client = createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
      await client.connect();
      client.on('state', (s) => {
        observed = s;
      });
    }
    expect(observed).toBe('closed');
  });
});
