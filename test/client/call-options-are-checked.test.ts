import { describe, expect, it } from 'vitest';
import { clientOver, failure, simulatorForBoth, TRANSPORTS } from './helpers.js';

// Call options that cannot be used (a signal that is not an AbortSignal, a timeout that is not a
// number of milliseconds) are a TypeError naming the call and the field, before anything is sent,
// wherever a signal or timeout is taken: calls, jobs, connect, subscriptions, polling, workflows.
describe.each(TRANSPORTS)('call options over %s', (transport) => {
  it('a signal that is not an AbortSignal is refused by name, and nothing is sent', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const bad = { signal: 'stop' as unknown as AbortSignal };
    const bootOfB = sim.state().nodes.B?.bootId;
    const timeoutBefore = sim.state().nodes.A?.config.timeout;
    const refusals: [Promise<unknown> | PromiseLike<unknown>, string][] = [
      [client.failover.config(bad), 'failover.config: options.signal must be an AbortSignal'],
      [client.failover.update({ timeout: 9 }, bad), 'failover.update: options.signal must be an AbortSignal'],
      [
        client.failover.reboot.other_node({ reason: 'test', graceful: true }, bad),
        'failover.reboot.other_node: options.signal must be an AbortSignal',
      ],
      [client.connect(bad), 'connect: options.signal must be an AbortSignal'],
      [client.ha.waitFor('MASTER', bad), 'waitFor: options.signal must be an AbortSignal'],
      [client.ha.snapshot(bad), 'snapshot: options.signal must be an AbortSignal'],
      [
        client.failover.reboot.other_node({ reason: 'test', graceful: true }, { abortJobOnSignal: 'yes' as unknown as boolean }),
        'failover.reboot.other_node: options.abortJobOnSignal must be true or false',
      ],
      [
        client.connect({ timeout: 'soon' as unknown as number }),
        'connect: options.timeout must be a number of milliseconds (0 or Infinity for none)',
      ],
    ];
    if (transport === 'websocket') {
      refusals.push([
        client.subscribe('failover.status', () => {}, bad),
        "subscribe('failover.status'): options.signal must be an AbortSignal",
      ]);
    }
    for (const [outcome, message] of refusals) expect(await failure(outcome)).toEqual(new TypeError(message));
    // The iterators refuse when they are made, as they refuse their other options.
    // (`poll` is typed on REST clients; it works over both.)
    const { poll } = client as unknown as { poll(method: string, options: object): unknown };
    expect(() => poll.call(client, 'failover.config', bad)).toThrow(new TypeError('poll: options.signal must be an AbortSignal'));
    if (transport === 'websocket') {
      expect(() => client.events('failover.status', bad)).toThrow(
        new TypeError("events('failover.status'): options.signal must be an AbortSignal"),
      );
    }
    // Nothing reached the pair; a signal of the right shape works.
    expect(sim.state().nodes.B?.bootId).toBe(bootOfB);
    expect(sim.state().nodes.A?.config.timeout).toBe(timeoutBefore);
    expect((await client.failover.config({ signal: new AbortController().signal })).timeout).toBe(timeoutBefore);
  });
});
