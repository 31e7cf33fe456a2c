import { expect, it } from 'vitest';
import { simulator, sleep } from '../simulator/helpers.js';
import { describeMidclt, midclt, unixUri, uri } from './midclt.js';

describeMidclt('midclt: jobs with progress and event subscriptions', () => {
  it('follows failover.reboot.other_node with `call -j`, printing the progress descriptions', async () => {
    // A slower clock spreads the milestones so that midclt sees them one by one.
    const sim = await simulator({ timeScale: 0.25 });
    try {
      const login = ['-U', sim.credentials.username, '-P', sim.credentials.password];
      const r = await midclt(
        [
          ...uri(sim.vip.ws),
          ...login,
          'call',
          '-j',
          '-jp',
          'description',
          'failover.reboot.other_node',
          '{"reason": "Interop", "graceful": false}',
        ],
        {
          timeoutMs: 90_000,
        },
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('null\n');
      expect(r.stderr).toContain('Waiting for the other controller to come back online');
      expect(r.stderr).toContain('Other controller rebooted successfully');
      // Without -j a new-style job call prints its id at once.
      const id = await midclt([...uri(sim.vip.ws), ...login, 'call', 'failover.reboot.other_node']);
      expect(id.stdout).toMatch(/^\d+\n$/);
    } finally {
      await sim.stop();
    }
  }, 120_000);

  it('subscribes to failover.disabled.reasons on the root socket and receives the changes', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      let finished = false;
      const subscriber = midclt([...unixUri(sim.a.unix!), 'subscribe', '-n', '2', '-t', '30', 'failover.disabled.reasons'], {
        timeoutMs: 40_000,
      }).finally(() => {
        finished = true;
      });
      // The subscriber connects at its own pace: keep toggling failover until it has seen two changes.
      const login = ['-U', sim.credentials.username, '-P', sim.credentials.password];
      for (let i = 0; i < 20 && !finished; i++) {
        await midclt([...uri(sim.vip.ws), ...login, 'call', 'failover.update', `{"disabled": ${i % 2 === 0}}`]);
        await sleep(300);
      }
      const r = await subscriber;
      expect(r.code).toBe(0);
      const events = r.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(events).toHaveLength(2);
      for (const event of events) {
        expect(event).toMatchObject({ msg: 'changed', collection: 'failover.disabled.reasons' });
        expect([[], ['NO_FAILOVER']]).toContainEqual(event.fields.disabled_reasons);
      }
      expect(events[0].fields).not.toEqual(events[1].fields);
    } finally {
      await sim.stop();
    }
  });
});
