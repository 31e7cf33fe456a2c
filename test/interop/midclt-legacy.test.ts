import { expect, it } from 'vitest';
import { simulator } from '../simulator/helpers.js';
import { describeMidclt, midclt } from './midclt.js';

describeMidclt('midclt: the legacy /websocket protocol', () => {
  it('logs in, calls and follows a job over /websocket (the DDP ping is unanswered, as since 25.04)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.0' });
    try {
      const u = ['-u', `${sim.vip.ws}/websocket`];
      const password = ['-U', sim.credentials.username, '-P', sim.credentials.password];
      expect(await midclt([...u, ...password, 'call', 'failover.status'])).toMatchObject({ code: 0, stdout: 'MASTER\n' });
      expect(
        await midclt([...u, '-U', sim.credentials.username, '-K', sim.credentials.apiKey, '--plain', 'call', 'failover.node']),
      ).toMatchObject({
        code: 0,
        stdout: 'A\n',
      });
      const job = await midclt([...u, ...password, 'call', '-j', 'failover.reboot.other_node', '{"reason": "Legacy", "graceful": false}'], {
        timeoutMs: 60_000,
      });
      expect(job).toMatchObject({ code: 0, stdout: 'null\n' });
      const invalid = await midclt([...u, ...password, 'call', 'failover.update', '{"timeout": "x"}']);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('Input should be a valid integer');
      expect((await midclt([...u, 'ping'], { timeoutMs: 30_000 })).code).toBe(1);
    } finally {
      await sim.stop();
    }
  }, 120_000);
});
