import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionClosedError, createClient, OutcomeUnknownError, TimeoutError } from '../../src/index.js';
import { apiKeyAuth, baseUrl, clientOver, failure, settle, simulatorForBoth, TRANSPORTS } from './helpers.js';

// Every call settles: by its answer, its timeout (default or per call), its signal, or the client
// closing; a hung controller cannot keep a call waiting, and close() leaves nothing hanging.
describe.each(TRANSPORTS)('call lifecycle over %s', (transport) => {
  it('a call to a hung controller rejects with TimeoutError (sent: true) after its timeout', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, { keepAlive: false });
    await client.connect();
    sim.faults.hangController('A');
    const error = (await failure(client.failover.config({ timeout: 300 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeout).toBe(300);
    expect(error.sent).toBe(true);
    expect(error.method).toBe('failover.config');
    sim.faults.unhangController('A');
    expect(await client.failover.node()).toBe('A');
  });

  it('the client-wide default timeout applies when the call gives none', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, { keepAlive: false, timeout: 250 });
    // Connecting (login, identification) gets its own bound: on a busy machine it may take longer than 250 ms.
    await client.connect({ timeout: 20_000 });
    sim.faults.hangController('A');
    const error = (await failure(client.failover.config())) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeout).toBe(250);
  });

  it('a call waiting for a connection times out with sent: false', async () => {
    const sim = await simulatorForBoth();
    sim.faults.partitionVip();
    const client = clientOver(transport, sim);
    const error = (await failure(client.failover.node({ timeout: 300 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.sent).toBe(false);
  });

  it('an AbortSignal rejects the call with AbortedError, before (sent: false) or after sending (sent: true)', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, { keepAlive: false });
    await client.connect();
    const early = (await failure(client.failover.node({ signal: AbortSignal.abort('not needed') }))) as AbortedError;
    expect(early).toBeInstanceOf(AbortedError);
    expect(early.reason).toBe('not needed');
    expect(early.sent).toBe(false);
    sim.faults.hangController('A');
    const controller = new AbortController();
    const pending = client.failover.config({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('operator stopped it')), 100);
    const late = (await failure(pending)) as AbortedError;
    expect(late).toBeInstanceOf(AbortedError);
    expect(late.reason).toBeInstanceOf(Error);
    expect(late.sent).toBe(true);
    sim.faults.unhangController('A');
    expect(await client.failover.node()).toBe('A');
  });

  it('connect() honours its own timeout and signal', async () => {
    const sim = await simulatorForBoth();
    sim.faults.partitionVip();
    const client = clientOver(transport, sim);
    expect(await failure(client.connect({ timeout: 200 }))).toBeInstanceOf(TimeoutError);
    expect(await failure(client.connect({ signal: AbortSignal.timeout(100) }))).toBeInstanceOf(AbortedError);
    sim.faults.healVip();
    await client.connect();
    expect(client.state).toBe('ready');
  });

  it('close() rejects calls in flight and waiting (a write on the wire: OutcomeUnknownError), and refuses new ones', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, { keepAlive: false });
    await client.connect();
    sim.faults.hangController('A');
    const read = settle(client.failover.config());
    const write = settle(client.failover.update({ timeout: 3 }));
    const many = Array.from({ length: 50 }, () => settle(client.failover.node()));
    const job = client.failover.reboot.other_node({ reason: 'test', graceful: true });
    const jobOutcome = settle(job);
    await new Promise((r) => setTimeout(r, 100));
    await client.close();
    expect(client.state).toBe('closed');
    const r = await read;
    expect((r as { error: unknown }).error).toBeInstanceOf(ConnectionClosedError);
    expect((r as { error: unknown }).error).not.toBeInstanceOf(OutcomeUnknownError);
    // A write on the wire when the connection closed: its outcome is unknown.
    expect((await write) as { error: unknown }).toMatchObject({ error: expect.any(OutcomeUnknownError) });
    for (const outcome of await Promise.all(many)) expect((outcome as { error: unknown }).error).toBeInstanceOf(ConnectionClosedError);
    expect(await failure(client.failover.config())).toBeInstanceOf(ConnectionClosedError);
    // A job whose start was under way settles too, and one started afterwards fails at once.
    expect(((await jobOutcome) as { error: unknown }).error).toBeInstanceOf(ConnectionClosedError);
    const late = client.failover.reboot.other_node({ reason: 'test', graceful: true });
    expect(await failure(late)).toMatchObject({
      message: 'failover.reboot.other_node was not sent: the client is closed.',
      method: 'failover.reboot.other_node',
      sent: false,
    });
    expect(await failure(late.started)).toBeInstanceOf(ConnectionClosedError);
    sim.faults.unhangController('A');
  });

  it('works with await using', async () => {
    const sim = await simulatorForBoth();
    let observed: string | undefined;
    {
      await using client = createClient({ url: baseUrl(sim, transport), transport, auth: apiKeyAuth(sim), env: false });
      await client.connect();
      client.on('state', (s) => {
        observed = s;
      });
    }
    expect(observed).toBe('closed');
  });
});
