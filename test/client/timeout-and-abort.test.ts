import { describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// Every call is bounded by its timeout (default or per call) and can be cancelled with a signal.
describe('timeouts and abort signals', () => {
  it('a call to a hung controller rejects with TimeoutError (sent: true) after its timeout', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: false });
    await client.connect();
    sim.faults.hangController('A');
    const outcome = await settle(client.failover.status({ timeout: 300 }));
    const error = (outcome as { error: TimeoutError }).error;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeout).toBe(300);
    expect(error.sent).toBe(true);
    expect(error.method).toBe('failover.status');
    sim.faults.unhangController('A');
    expect(await client.failover.status()).toBe('MASTER');
  });

  it('the client-wide default timeout applies when the call gives none', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: false, timeout: 250 });
    // Connecting (login, identification) gets its own bound: on a busy machine it may take longer than 250 ms.
    await client.connect({ timeout: 20_000 });
    sim.faults.hangController('A');
    const error = (await settle(client.failover.config())) as { error: TimeoutError };
    expect(error.error).toBeInstanceOf(TimeoutError);
    expect(error.error.timeout).toBe(250);
  });

  it('a call waiting for a connection times out with sent: false', async () => {
    const sim = await simulator();
    sim.faults.partitionVip();
    const client = clientOf(sim);
    const outcome = await settle(client.failover.status({ timeout: 300 }));
    expect((outcome as { error: TimeoutError }).error).toBeInstanceOf(TimeoutError);
    expect((outcome as { error: TimeoutError }).error.sent).toBe(false);
  });

  it('an AbortSignal rejects the call with AbortedError, before or after sending', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: false });
    await client.connect();
    const already = AbortSignal.abort('not needed');
    const early = await settle(client.failover.status({ signal: already }));
    expect((early as { error: AbortedError }).error).toBeInstanceOf(AbortedError);
    expect((early as { error: AbortedError }).error.reason).toBe('not needed');
    sim.faults.hangController('A');
    const controller = new AbortController();
    const pending = settle(client.failover.config({ signal: controller.signal }));
    setTimeout(() => controller.abort('user gave up'), 100);
    const late = await pending;
    expect((late as { error: AbortedError }).error).toBeInstanceOf(AbortedError);
    expect((late as { error: AbortedError }).error.sent).toBe(true);
  });

  it('connect() honours its own timeout and signal', async () => {
    const sim = await simulator();
    sim.faults.partitionVip();
    const client = clientOf(sim);
    expect((await settle(client.connect({ timeout: 200 }))) as { error: unknown }).toMatchObject({ error: expect.any(TimeoutError) });
    const outcome = await settle(client.connect({ signal: AbortSignal.timeout(100) }));
    expect((outcome as { error: unknown }).error).toBeInstanceOf(AbortedError);
    sim.faults.healVip();
    await client.connect();
    expect(client.state).toBe('ready');
  });
});
