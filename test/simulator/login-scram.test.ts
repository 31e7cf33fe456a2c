import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, simulator } from './helpers.js';
import { scramLogin } from './scram-client.js';

describe('SCRAM-SHA-512 API key login (26.0+)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator({ apiVersion: 'v27.0.0' });
  });
  afterAll(() => sim.stop());

  it('lists SCRAM among the mechanisms', async () => {
    const c = await connect(sim.vip.ws);
    expect(await c.call('auth.mechanism_choices')).toEqual(['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN', 'SCRAM']);
    c.close();
  });

  it('completes the exchange with the official framing and a verifiable server signature', async () => {
    const c = await connect(sim.vip.ws);
    const outcome = await scramLogin(c, sim.credentials.username, sim.credentials.apiKey);
    expect(outcome.first).toMatchObject({ response_type: 'SCRAM_RESPONSE', scram_type: 'SERVER_FIRST_RESPONSE', user_info: null });
    expect(String(outcome.first.rfc_str)).toMatch(/^r=[^,]+,s=[^,]+,i=50000$/);
    expect(outcome.final).toMatchObject({ response_type: 'SCRAM_RESPONSE', scram_type: 'SERVER_FINAL_RESPONSE' });
    expect(outcome.serverSignatureValid).toBe(true);
    expect(await c.call('failover.status')).toBe('MASTER');
    c.close();
  });

  it('answers AUTH_ERR to a wrong proof and to an unknown key id', async () => {
    const c = await connect(sim.vip.ws);
    const bad = await scramLogin(c, sim.credentials.username, sim.credentials.apiKey, { tamperProof: true });
    expect(bad.final).toEqual({ response_type: 'AUTH_ERR' });
    expect((await c.request('failover.status')).error?.data?.error).toBe(207);
    const unknown = await scramLogin(c, sim.credentials.username, `77-${sim.credentials.apiKey.split('-')[1]}`);
    expect(unknown.first).toEqual({ response_type: 'AUTH_ERR' });
    c.close();
  });

  it('refuses channel binding over plain ws://', async () => {
    const c = await connect(sim.vip.ws);
    const outcome = await scramLogin(c, sim.credentials.username, sim.credentials.apiKey, { binding: new Uint8Array(32) });
    expect(outcome.first).toEqual({ response_type: 'AUTH_ERR' });
    c.close();
  });
});

describe('SCRAM before 26.0', () => {
  it('is a validation error on 25.10 (the mechanism does not exist there)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.5' });
    try {
      const c = await connect(sim.vip.ws);
      const reply = await c.request('auth.login_ex', [
        { mechanism: 'SCRAM', scram_type: 'CLIENT_FIRST_MESSAGE', rfc_str: 'n,,n=a:1,r=abc' },
      ]);
      expect(reply.error?.code).toBe(-32602);
      expect(await c.call('auth.mechanism_choices')).toEqual(['API_KEY_PLAIN', 'TOKEN_PLAIN', 'PASSWORD_PLAIN']);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('reproduces the unauthenticated auth.mechanism_choices bug of 25.04.2 – 25.10.2', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.0' });
    try {
      const c = await connect(sim.vip.ws);
      const reply = await c.request('auth.mechanism_choices');
      expect(reply.error?.code).toBe(-32001);
      expect(reply.error?.data?.reason).toBe("'NoneType' object has no attribute 'may_create_auth_token'");
      expect(reply.error?.data?.errname).toBe('EINVAL');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
