import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { deriveScramKeys, fromBase64, parseScramAttributes, randomBytes, toBase64 } from '../../src/auth/scram.js';
import { clientOf, memoryLogger, simulator, until } from './helpers.js';

// API keys log in by SCRAM where the server offers it (26.0+): the key itself never travels.
describe.each(['v26.0.0', 'v27.0.0'] as const)('SCRAM API key login on %s', (version) => {
  it('logs in with SCRAM and logs in again after a dropped connection', async () => {
    const sim = await simulator({ apiVersion: version });
    const { logger, lines, text } = memoryLogger();
    const client = clientOf(sim, { logger });
    expect(await client.failover.status()).toBe('MASTER');
    expect(text()).toContain('with SCRAM');
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the client to notice the cut');
    sim.faults.healVip();
    expect(await client.failover.status()).toBe('MASTER');
    expect(lines.filter((l) => l.includes('with SCRAM')).length).toBe(2);
    expect(text()).not.toContain(sim.credentials.apiKey);
    expect(text()).not.toContain(sim.credentials.apiKey.split('-')[1]);
  });
});

describe('precomputed SCRAM keys', () => {
  it('log in without the key material, as the official client allows', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const [id, material] = sim.credentials.apiKey.split('-') as [string, string];
    // Ask the server for this key's salt and iteration count with a first SCRAM step over a raw socket.
    const socket = new WebSocket(`${sim.a.ws}/api/v27.0.0`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<{ result: { rfc_str: string } }>((resolve) => socket.once('message', (d) => resolve(JSON.parse(String(d)))));
    const nonce = toBase64(randomBytes(32));
    socket.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'auth.login_ex',
        params: [{ mechanism: 'SCRAM', scram_type: 'CLIENT_FIRST_MESSAGE', rfc_str: `n,,n=${sim.credentials.username}:${id},r=${nonce}` }],
      }),
    );
    const first = parseScramAttributes((await reply).result.rfc_str);
    socket.close();
    const keys = await deriveScramKeys(material, fromBase64(first.get('s')!), Number(first.get('i')));

    const client = clientOf(sim, {
      auth: {
        username: sim.credentials.username,
        apiKey: { apiKeyId: Number(id), clientKey: toBase64(keys.clientKey), storedKey: keys.storedKey, serverKey: keys.serverKey },
      },
    });
    expect(await client.failover.node()).toBe('A');
  });
});
