import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

const certPath = fileURLToPath(new URL('../fixtures/tls/cert.pem', import.meta.url));
const keyPath = fileURLToPath(new URL('../fixtures/tls/key.pem', import.meta.url));

describe('TLS: --ca trusts a self-signed certificate; --insecure turns checking off, loudly', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair({ tls: { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') } });
  });
  afterAll(() => sim?.stop());

  it('an untrusted certificate is refused: exit 4 with a hint, no login attempted', async () => {
    const r = await runCli(['status', '--connect-timeout', '3'], { env: pairEnv(sim) });
    expect(sim.vip.ws).toMatch(/^wss:\/\//);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*(self-signed|certificate)/im);
  });

  it('--ca FILE makes it trusted (and the login is SCRAM bound to the TLS channel on 27.0)', async () => {
    const r = await runCli(['status', '--ca', certPath, '--json'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).address).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/api\//);
    expect(r.stderr).toBe('');
  });

  it('--insecure connects anyway and warns on stderr that nothing is verified', async () => {
    const r = await runCli(['status', '--insecure'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: TLS certificate verification is OFF \(--insecure\)/m);
  });

  it('an unreadable --ca file is a usage error naming it', async () => {
    const r = await runCli(['status', '--ca', '/nonexistent/ca.pem'], { env: pairEnv(sim) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ca \/nonexistent\/ca\.pem cannot be read \(ENOENT\)/);
  });
});
