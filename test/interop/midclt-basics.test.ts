import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { simulator } from '../simulator/helpers.js';
import { describeMidclt, midclt, unixUri, uri } from './midclt.js';

describeMidclt('midclt: ping, calls, arguments, errors', () => {
  let sim: Simulator;
  let login: string[];
  beforeAll(async () => {
    sim = await simulator({ apiVersion: 'v25.10.5', unixSockets: true });
    login = ['-U', sim.credentials.username, '-P', sim.credentials.password];
  });
  afterAll(() => sim.stop());

  it('pings without logging in', async () => {
    expect(await midclt([...uri(sim.vip.ws), 'ping'])).toMatchObject({ code: 0, stdout: 'pong\n' });
  });

  it('calls through the controller root socket without credentials, as on the box', async () => {
    const r = await midclt([...unixUri(sim.a.unix!), 'call', 'failover.licensed']);
    expect(r).toMatchObject({ code: 0, stdout: 'True\n' });
  });

  it('reports ENOTAUTHENTICATED for a call without credentials over TCP', async () => {
    const r = await midclt([...uri(sim.vip.ws), 'call', 'failover.status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[ENOTAUTHENTICATED] Not authenticated');
  });

  it('passes JSON arguments, also from stdin', async () => {
    const r = await midclt([...uri(sim.vip.ws), ...login, 'call', 'failover.update', '{"timeout": 5}']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: 1, disabled: false, master: true, timeout: 5 });
    const s = await midclt([...uri(sim.vip.ws), ...login, 'call', 'failover.update', '-'], { stdin: '{"timeout": 7}' });
    expect(JSON.parse(s.stdout)).toMatchObject({ timeout: 7 });
  });

  it('prints validation errors with the field and exits 1', async () => {
    const r = await midclt([...uri(sim.vip.ws), ...login, 'call', 'failover.update', '{"timeout": "soon"}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('data.timeout');
    expect(r.stderr).toContain('Input should be a valid integer');
  });

  it('prints a failed login on stdout and exits 0 (midclt quirk)', async () => {
    const r = await midclt([...uri(sim.vip.ws), '-U', sim.credentials.username, '-P', 'wrong', 'call', 'failover.status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Failed to login');
  });
});
