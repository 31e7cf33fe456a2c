import { describe, expect, it } from 'vitest';
import { clientOver, simulatorForBoth, until } from './helpers.js';

// The typed REST client and the typed WebSocket client work on one pair: a change made over REST
// is read and pushed as an event over WebSocket, and a change over WebSocket is read over REST.
describe('REST and WebSocket clients on one pair', () => {
  it('a REST update fires the WebSocket event, and a WebSocket update is read over REST', async () => {
    const sim = await simulatorForBoth();
    const rest = clientOver('rest', sim);
    const ws = clientOver('websocket', sim);
    const reasons: string[][] = [];
    await ws.subscribe('failover.disabled.reasons', (fields) => reasons.push(fields.disabled_reasons));
    await rest.failover.update({ disabled: true, timeout: 11 });
    expect(await ws.failover.config()).toMatchObject({ disabled: true, timeout: 11 });
    await until(() => reasons.some((r) => r.includes('NO_FAILOVER')), 'the failover.disabled.reasons event over WebSocket');
    await ws.failover.update({ disabled: false, timeout: 3 });
    expect(await rest.failover.config()).toMatchObject({ disabled: false, timeout: 3 });
    await until(() => reasons.at(-1)?.length === 0, 'NO_FAILOVER to clear');
  });
});
