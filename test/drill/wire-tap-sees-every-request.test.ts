import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WireTap } from '../../examples/drill/wire-tap.js';
import { type Simulator, startSimulator } from '../../src/simulator.js';

// The drill's replay count is only as good as its tap: a request sent twice must be counted twice,
// large and split frames included, and plain HTTP must pass through.
describe('the drill’s wire tap', () => {
  let sim: Simulator | undefined;
  let tap: WireTap | undefined;
  afterEach(async () => {
    await tap?.close();
    await sim?.stop();
  });

  it('counts each JSON-RPC request that reaches the server, including a repeated one, and forwards everything', async () => {
    sim = await startSimulator({ seed: 'tap', rateLimit: false });
    tap = new WireTap(Number(new URL(sim.vip.ws).port), (method) => method === 'failover.update');
    await tap.listen();

    const versions = await (await fetch(`http://127.0.0.1:${tap.port}/api/versions`)).json();
    expect(Array.isArray(versions)).toBe(true);

    const ws = new WebSocket(`${tap.url}/api/current`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies: { id: string; result?: unknown; error?: unknown }[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(String(data))));
    const send = (id: string, method: string, params: unknown[]) => ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    send('1', 'auth.login_ex', [{ mechanism: 'PASSWORD_PLAIN', username: sim.credentials.username, password: sim.credentials.password }]);
    const update = { timeout: 5, disabled: false };
    send('2', 'failover.update', [update]);
    send('3', 'failover.update', [update]);
    // A frame longer than 125 bytes (the 16-bit length form).
    send('4', 'failover.node', ['x'.repeat(300)]);
    const deadline = Date.now() + 10_000;
    while (replies.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();

    expect(replies.map((r) => r.id).sort()).toEqual(['1', '2', '3', '4']);
    expect(tap.requests.map((r) => [r.method, r.id, r.params])).toEqual([
      ['failover.update', '2', [update]],
      ['failover.update', '3', [update]],
    ]);
    expect(tap.counts.get('auth.login_ex')).toBe(1);
    expect(tap.counts.get('failover.node')).toBe(1);
  });
});
