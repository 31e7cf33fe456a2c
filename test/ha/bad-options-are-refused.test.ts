import { describe, expect, it } from 'vitest';
import { master, pairClient, simulator } from './helpers.js';

// A wrong option is a TypeError naming the workflow and the field, before anything is sent.
describe('bad options', () => {
  it('are refused by each workflow with a TypeError naming the field; the pair is untouched', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const cases: [() => PromiseLike<unknown>, RegExp][] = [
      [() => client.ha.plannedFailover({ timeout: -1 }), /^plannedFailover: options\.timeout must be a positive number/],
      [() => client.ha.plannedFailover({ interval: Number.NaN }), /^plannedFailover: options\.interval must be a positive number/],
      [
        () => client.ha.plannedFailover({ allowReasons: 'NO_PONG' as never }),
        /^plannedFailover: options\.allowReasons must be a list of strings/,
      ],
      [() => client.ha.plannedFailover({ signal: 'stop' as never }), /^plannedFailover: options\.signal must be an AbortSignal/],
      [
        () => client.ha.emergencyDisable({ master: 'C' as never }),
        /^emergencyDisable: options\.master must be 'this', 'other', 'A' or 'B'/,
      ],
      [() => client.ha.emergencyDisable({ confirm: true as never }), /^emergencyDisable: options\.confirm must be function/],
      [() => client.ha.reenable({ timeout: '10s' as never }), /^reenable: options\.timeout must be a positive number/],
      [() => client.ha.syncToPeer({ reboot: 'yes' as never }), /^syncToPeer: options\.reboot must be boolean/],
      [
        () => client.ha.rollingUpgrade({ acceptWarning: 'yes' as never }),
        /^rollingUpgrade: options\.acceptWarning must be boolean or function/,
      ],
      [() => client.ha.rollingUpgrade({ train: 7 as never }), /^rollingUpgrade: options\.train must be string/],
      [() => client.ha.waitFor('MASTER', { interval: 0 }), /^waitFor: options\.interval must be a positive number/],
    ];
    for (const [workflow, message] of cases) {
      const error = await Promise.resolve(workflow()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
    }
    const state = sim.state();
    expect(master(sim)).toBe('A');
    expect(state.nodes.A.config.disabled).toBe(false);
    expect(state.nodes.A.jobs.filter((j) => j.method === 'failover.upgrade')).toEqual([]);
  });
});
