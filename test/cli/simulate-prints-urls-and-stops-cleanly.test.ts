import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { baseEnv, runCli, until } from './helpers.js';

interface SimDescription {
  vip: { ws: string; http: string };
  a: { ws: string; http: string };
  b: { ws: string; http: string };
  credentials: { username: string; password: string; apiKey: string };
  apiVersion: string;
}

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('simulate: a pair on loopback until SIGINT/SIGTERM', () => {
  it('--json prints ONE line in the startSimulator() shape (no stop/faults); the pair works; SIGTERM stops it (exit 0)', async () => {
    let described: SimDescription | undefined;
    let checks: Promise<void> | undefined;
    const r = await runCli(['simulate', '--json', '--api-version', 'v25.10.0'], {
      env: baseEnv(),
      timeout: 60_000,
      onSpawn: (child, output) => {
        checks = (async () => {
          await until(() => output().includes('\n'), 'the JSON line');
          described = JSON.parse(output().split('\n')[0]!) as SimDescription;
          const env = baseEnv({
            TRUENAS_URL: described.vip.ws,
            TRUENAS_USERNAME: described.credentials.username,
            TRUENAS_API_KEY: described.credentials.apiKey,
          });
          const status = await runCli(['status', '--json'], { env });
          expect(status.code, status.output).toBe(0);
          expect(JSON.parse(status.stdout).apiVersion).toBe('v25.10.0');
          // 25.x controllers also serve REST /api/v2.0, as the real ones do.
          const rest = await fetch(`${described.a.http}/api/v2.0/failover/licensed`, {
            headers: { authorization: `Bearer ${described.credentials.apiKey}` },
          });
          expect(rest.status).toBe(200);
          expect(await rest.json()).toBe(true);
          child.kill('SIGTERM');
        })();
      },
    });
    await checks;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(lines[0]!)).sort()).toEqual(['a', 'apiVersion', 'b', 'credentials', 'vip']);
    expect(described!.vip.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(described!.a.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(described!.credentials.apiKey).toMatch(/^\d+-[A-Za-z0-9]+$/);
    for (const endpoint of [described!.vip, described!.a, described!.b]) expect(await portOpen(endpoint.ws)).toBe(false);
  });

  it('without --json: URLs, credentials and the export line for the CLI; Ctrl-C stops it cleanly', async () => {
    const r = await runCli(['simulate', '--unlicensed'], {
      env: baseEnv(),
      timeout: 60_000,
      onSpawn: (child, output) => {
        void until(() => output().includes('truenas-failover status'), 'the banner').then(() => child.kill('SIGINT'));
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}VIP +ws:\/\/127\.0\.0\.1:\d+/m);
    expect(r.stdout).toMatch(/^ {2}controller A +ws:\/\//m);
    expect(r.stdout).toMatch(/^ {2}export TRUENAS_URL=ws:\/\/127\.0\.0\.1:\d+ TRUENAS_USERNAME=\S+ TRUENAS_API_KEY=\d+-\S+$/m);
    expect(r.stderr).toMatch(/Simulator stopped\./);
  });

  it('a bad option is refused with its name', async () => {
    const r = await runCli(['simulate', '--time-scale', '-1'], { env: baseEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--time-scale must be at least/);
  });
});
