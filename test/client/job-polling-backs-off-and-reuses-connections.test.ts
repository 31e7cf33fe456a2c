import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AbortedError, createClient, type RestClient } from '../../src/index.js';
import { apiKeyAuth, failure, simulatorForBoth, until } from './helpers.js';

/**
 * A loopback TCP relay in front of the simulator's VIP that counts TCP connections and the HTTP
 * requests it carries (by their request lines): what the client really puts on the network.
 */
async function countingRelay(target: string): Promise<{ url: string; connections: () => number; requests: (path: string) => number }> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    connections++;
    sockets.add(client);
    const upstream = tcpConnect(Number(port), hostname);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/^(GET|POST|PUT|DELETE) (\S+) HTTP\/1\.1\r$/gm)) lines.push(`${m[1]} ${m[2]}`);
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    requests: (path) => lines.filter((l) => l.includes(path)).length,
  };
}

// REST jobs are followed by polling core/get_jobs: at once, then faster while the job moves and
// slower while it does not; polls honour the job's signal; requests reuse keep-alive connections.
describe('REST job polling', () => {
  it('polls fast at first and backs off while nothing changes, over a few reused connections', async () => {
    // Slow the pair down so that the job has long quiet stretches (waiting for the peer to reboot).
    const sim = await simulatorForBoth({ timeScale: 0.05 });
    const relay = await countingRelay(sim.vip.http);
    const client = createClient({
      url: relay.url,
      transport: 'rest',
      auth: apiKeyAuth(sim),
      env: false,
      jobPolling: { initialDelay: 20, maxDelay: 800, factor: 2 },
    }) as RestClient<'v25.10.0'>;
    onTestFinished(() => client.close());
    const started = Date.now();
    const job = client.failover.reboot.other_node({ reason: 'maintenance', graceful: false });
    const percents: number[] = [];
    job.on('progress', (p) => percents.push(p.percent ?? 0));
    expect(await job).toBeNull();
    const elapsed = Date.now() - started;
    const polls = relay.requests('/api/v2.0/core/get_jobs?id=');
    expect(percents.at(-1)).toBe(100);
    expect(polls).toBeGreaterThanOrEqual(3);
    // At a constant 20 ms the job would have been polled elapsed/20 times; backing off keeps it far below.
    expect(polls).toBeLessThan(elapsed / 20 / 2);
    const total = relay.requests('/api/v2.0/');
    expect(total).toBeGreaterThan(polls);
    // Keep-alive: many requests, few TCP connections (a few in parallel while connecting).
    expect(relay.connections()).toBeLessThanOrEqual(6);
    expect(total).toBeGreaterThan(relay.connections() * 2);
  });

  it('stops following a job when its signal aborts (the job keeps running on the controller)', async () => {
    const sim = await simulatorForBoth({ timeScale: 0.05 });
    const client = createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false }) as RestClient<'v25.10.0'>;
    onTestFinished(() => client.close());
    const stop = new AbortController();
    const job = client.failover.reboot.other_node({ reason: 'x', graceful: true }, { signal: stop.signal });
    await until(() => (job.lastProgress?.percent ?? 0) > 0 || job.state === 'RUNNING', 'the job to run');
    stop.abort(new Error('operator gave up waiting'));
    const error = await failure(job);
    expect(error).toBeInstanceOf(AbortedError);
    const id = job.id;
    await until(async () => {
      const rows = (await client.core.get_jobs([['id', '=', id as number]])) as { state: string }[];
      return rows[0]?.state === 'SUCCESS';
    }, 'the job to finish on the controller anyway');
  });
});
