/**
 * Addresses: a scheme other than ws, wss, http and https is refused before connecting, with the
 * nearest one; an address without a scheme is taken as wss://, and when the first connection fails
 * the hint says so and names --connect-timeout (not --timeout).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { baseEnv, pairEnv, runCli, startPair } from './helpers.js';

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const credentials = { TRUENAS_USERNAME: 'truenas_admin', TRUENAS_API_KEY: '1-abc' };

describe('addresses: scheme hints, and --connect-timeout in the hint of a failed first connection', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('a mistyped or unknown scheme is refused at once, naming the flag and the nearest scheme (exit 2)', async () => {
    const typo = await runCli(['status', '--url', 'htps://nas.example'], { env: baseEnv(credentials) });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(
      /^error: --url htps:\/\/nas\.example: expected wss:\/\/, ws:\/\/, https:\/\/ or http:\/\/ before the host$/m,
    );
    expect(typo.stderr).toMatch(/^hint: Did you mean https:\/\/nas\.example\?$/m);
    const slashes = await runCli(['status', '--vip', 'wss:nas.example'], { env: baseEnv(credentials) });
    expect(slashes.stderr).toMatch(/^error: --vip wss:nas\.example: expected /m);
    expect(slashes.stderr).toMatch(/^hint: Did you mean wss:\/\/nas\.example\?$/m);
    const other = await runCli(['status'], { env: baseEnv({ ...credentials, TRUENAS_URL: 'ftp://nas' }) });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^error: TRUENAS_URL ftp:\/\/nas: expected /m);
    expect(other.stderr).toMatch(/^hint: e\.g\. wss:\/\/nas \(TLS\) or ws:\/\/nas$/m);
  });

  it('a bare host:port of a plain WebSocket server fails as wss://, and the hint says to write ws://', async () => {
    const bare = sim.vip.ws.replace(/^ws:\/\//, '');
    const r = await runCli(['status', '--url', bare, '--connect-timeout', '1'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^hint: .*raise --connect-timeout for slow links\.$/m);
    expect(r.stderr).toContain(`"${bare}" has no scheme, so wss:// (TLS) was used; for a plain connection write ws://${bare}.`);
    // With the scheme written out, the same address works.
    const fixed = await runCli(['status', '--url', `ws://${bare}`], { env: pairEnv(sim) });
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('a refused address fails at once (not after --connect-timeout), naming the address and ECONNREFUSED; exit 4', async () => {
    const port = await closedPort();
    const started = Date.now();
    // A long --connect-timeout: the refusal itself ends the attempt, in well under a second of
    // connecting (the bound below is loose so that a busy machine's Node start-up fits in it).
    const r = await runCli(['status', '--url', `ws://127.0.0.1:${port}`, '--connect-timeout', '60'], { env: baseEnv(credentials) });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toMatch(/refused \(ECONNREFUSED\)/);
    expect(r.stderr).toMatch(/^hint: Check the address \(--url, --vip\) and that the controller is up; raise --connect-timeout/m);
    expect(r.stderr).not.toMatch(/raise --timeout/);
    expect(r.stderr).not.toMatch(/has no scheme/);
  });

  it('an unresolvable name fails at once, naming the host and ENOTFOUND; exit 4', async () => {
    const r = await runCli(['status', '--url', 'ws://nas.invalid:8080', '--connect-timeout', '60'], {
      env: baseEnv(credentials),
      timeout: 30_000,
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('nas.invalid:8080');
    expect(r.stderr).toMatch(/ENOTFOUND/);
  });
});
