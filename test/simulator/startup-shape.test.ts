import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { connect, session, simulator } from './helpers.js';

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('startSimulator() handle', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulator();
  });
  afterAll(() => sim.stop());

  it('exposes the VIP and both controllers as base URLs without a path', () => {
    for (const endpoint of [sim.vip, sim.a, sim.b]) {
      expect(endpoint.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(endpoint.http).toBe(endpoint.ws.replace('ws://', 'http://'));
    }
    expect(new Set([sim.vip.ws, sim.a.ws, sim.b.ws]).size).toBe(3);
    expect(sim.apiVersion).toBe('v27.0.0');
  });

  it('gives credentials in TrueNAS formats', () => {
    expect(sim.credentials.username).toBe('truenas_admin');
    expect(sim.credentials.apiKey).toMatch(/^\d+-[A-Za-z0-9]+$/);
    expect(sim.credentials.password.length).toBeGreaterThan(8);
    expect(sim.credentials.readonly.apiKey).toMatch(/^\d+-[A-Za-z0-9]+$/);
    expect(sim.otpToken()).toMatch(/^\d{6}$/);
  });

  it('reports A active, B standby and the VIP on A', () => {
    const state = sim.state();
    expect(state.vip.holder).toBe('A');
    expect(state.nodes.A.status).toBe('MASTER');
    expect(state.nodes.B?.status).toBe('BACKUP');
    expect(state.nodes.A.bootId).not.toBe(state.nodes.B?.bootId);
  });

  it('answers through the VIP as the active controller', async () => {
    const c = await session(sim.vip.ws, sim);
    expect(await c.call('failover.node')).toBe('A');
    expect(await c.call('failover.status')).toBe('MASTER');
    c.close();
  });

  it('refuses WebSocket upgrades on unknown API versions with HTTP 404', async () => {
    await expect(connect(sim.a.ws, '/api/v1.0.0')).rejects.toThrow('HTTP 404');
    const pinned = await connect(sim.a.ws, '/api/v25.10.0');
    expect(await pinned.call('core.ping')).toBe('pong');
    pinned.close();
  });
});

describe('seed', () => {
  it('makes credentials and boot ids reproducible', async () => {
    const first = await simulator({ seed: 'same' });
    const second = await simulator({ seed: 'same' });
    const other = await simulator({ seed: 'other' });
    try {
      expect(second.credentials).toEqual(first.credentials);
      expect(second.state().nodes.A.bootId).toBe(first.state().nodes.A.bootId);
      expect(other.credentials.apiKey).not.toBe(first.credentials.apiKey);
    } finally {
      await Promise.all([first.stop(), second.stop(), other.stop()]);
    }
  });

  it('names the field of a bad option', async () => {
    await expect(simulator({ timeScale: 0 })).rejects.toThrow('timeScale: expected a positive number');
    await expect(simulator({ apiVersion: 'v9.9.9' as 'v27.0.0' })).rejects.toThrow(/^apiVersion: expected one of/);
    await expect(simulator({ ports: { a: 70000 } })).rejects.toThrow(/ports\.a/);
    await expect(simulator({ tls: { cert: 'x', key: 'y' } })).rejects.toMatchObject({ name: 'SimulatorUsageError', field: 'tls.cert' });
  });
});

describe('stop()', () => {
  it('closes every port, twice without harm', async () => {
    const sim = await simulator();
    const ports = [sim.vip, sim.a, sim.b].map((e) => Number(new URL(e.http).port));
    await sim.stop();
    await sim.stop();
    for (const port of ports) expect(await refused(port)).toBe(true);
  });

  it('uses the ports it was given', async () => {
    // A port just freed can be taken by a test running beside this one before the simulator binds
    // it (EADDRINUSE): then another free port is tried, a few times at most.
    for (let attempt = 1; ; attempt++) {
      const probe = await simulator();
      const wanted = Number(new URL(probe.vip.http).port);
      await probe.stop();
      let sim: Simulator;
      try {
        sim = await simulator({ ports: { vip: wanted } });
      } catch (error) {
        if (attempt < 5 && /EADDRINUSE/.test(String(error))) continue;
        throw error;
      }
      expect(sim.vip.http).toBe(`http://127.0.0.1:${wanted}`);
      await sim.stop();
      return;
    }
  });
});
