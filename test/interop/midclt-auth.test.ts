import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { simulator } from '../simulator/helpers.js';
import { describeMidclt, midclt, uri } from './midclt.js';

const tls = {
  cert: readFileSync(new URL('../fixtures/tls/cert.pem', import.meta.url), 'utf8'),
  key: readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url), 'utf8'),
};

describeMidclt('midclt: every login mode', () => {
  it('user/password (PASSWORD_PLAIN)', async () => {
    const sim = await simulator();
    try {
      const r = await midclt([...uri(sim.vip.ws), '-U', sim.credentials.username, '-P', sim.credentials.password, 'call', 'failover.node']);
      expect(r).toMatchObject({ code: 0, stdout: 'A\n' });
    } finally {
      await sim.stop();
    }
  });

  it('API key, plain, on 25.10 (after the mechanism_choices quirk)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const r = await midclt([
        ...uri(sim.vip.ws),
        '-U',
        sim.credentials.username,
        '-K',
        sim.credentials.apiKey,
        '--plain',
        'call',
        'failover.status',
      ]);
      expect(r).toMatchObject({ code: 0, stdout: 'MASTER\n' });
    } finally {
      await sim.stop();
    }
  });

  it('API key, SCRAM without channel binding over ws:// on 26.0 and 27.0', async () => {
    for (const apiVersion of ['v26.0.0', 'v27.0.0'] as const) {
      const sim = await simulator({ apiVersion });
      try {
        const r = await midclt([
          ...uri(sim.vip.ws),
          '-U',
          sim.credentials.username,
          '-K',
          sim.credentials.apiKey,
          '--no-channel-binding',
          'call',
          'failover.licensed',
        ]);
        expect(r).toMatchObject({ code: 0, stdout: 'True\n' });
      } finally {
        await sim.stop();
      }
    }
  });

  it('API key, SCRAM-PLUS (channel bound) over wss:// with a self-signed certificate', async () => {
    const sim = await simulator({ tls });
    try {
      const r = await midclt([
        ...uri(sim.vip.ws),
        '--insecure',
        '-U',
        sim.credentials.username,
        '-K',
        sim.credentials.apiKey,
        'call',
        'failover.status',
      ]);
      expect(r).toMatchObject({ code: 0, stdout: 'MASTER\n' });
    } finally {
      await sim.stop();
    }
  });

  it('refuses SCRAM on a 25.x server and a wrong key', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.5' });
    try {
      const r = await midclt([
        ...uri(sim.vip.ws),
        '-U',
        sim.credentials.username,
        '-K',
        sim.credentials.apiKey,
        '--no-channel-binding',
        'call',
        'failover.status',
      ]);
      expect(r.stdout).toContain('SCRAM authentication is not supported on the remote server');
      const bad = await midclt([
        ...uri(sim.vip.ws),
        '-U',
        sim.credentials.username,
        '-K',
        '1-wrongkey',
        '--plain',
        'call',
        'failover.status',
      ]);
      expect(bad.stdout).toContain('Failed to login');
    } finally {
      await sim.stop();
    }
  });
});
