import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AuthError, TlsCertificateError } from '../../src/index.js';
import { clientOf, memoryLogger, settle, simulator } from './helpers.js';

// The common TrueNAS case: a certificate signed by a private CA. The client trusts it through
// `tls.ca` (Node), refuses it otherwise with a typed error, and binds SCRAM logins to the channel.
const run = promisify(execFile);

async function certificates(): Promise<{ ca: string; cert: string; key: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'truenas-tls-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const f = (name: string) => join(dir, name);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Test TrueNAS CA',
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=truenas.local',
  ]);
  await run('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ${f('ext.cnf')}`]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-sha256',
    '-extfile',
    f('ext.cnf'),
  ]);
  return {
    ca: await readFile(f('ca.pem'), 'utf8'),
    cert: await readFile(f('server.pem'), 'utf8'),
    key: await readFile(f('server.key'), 'utf8'),
  };
}

describe('TLS with a self-signed CA', () => {
  it('connects over wss:// trusting tls.ca, with a channel-bound SCRAM login', async () => {
    const { ca, cert, key } = await certificates();
    const sim = await simulator({ tls: { cert, key }, apiVersion: 'v27.0.0' });
    expect(sim.vip.ws.startsWith('wss://')).toBe(true);
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, { tls: { ca }, logger });
    expect(await client.failover.status()).toBe('MASTER');
    expect(client.apiVersion).toBe('v27.0.0');
    expect(client.controller?.bootId).toBe(sim.state().nodes.A.bootId);
    expect(text()).toContain('with SCRAM (channel-bound)');
  });

  it('refuses an untrusted certificate at once with TlsCertificateError', async () => {
    const { cert, key } = await certificates();
    const sim = await simulator({ tls: { cert, key }, apiVersion: 'v25.10.2' });
    const client = clientOf(sim, { apiVersion: 'v25.10.2' });
    const outcome = await settle(client.connect());
    const error = (outcome as { error: TlsCertificateError }).error;
    expect(error).toBeInstanceOf(TlsCertificateError);
    expect(error.message).toMatch(/tls\.ca/);
    expect(client.state).toBe('idle');
  });

  it('accepts any certificate with rejectUnauthorized: false (testing only)', async () => {
    const { cert, key } = await certificates();
    const sim = await simulator({ tls: { cert, key }, apiVersion: 'v25.10.2' });
    const client = clientOf(sim, { apiVersion: 'v25.10.2', tls: { rejectUnauthorized: false } });
    expect(await client.failover.node()).toBe('A');
  });

  it('channelBinding: require fails over plain ws://', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const client = clientOf(sim, {
      auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey, channelBinding: 'require' },
    });
    const outcome = await settle(client.connect());
    expect((outcome as { error: AuthError }).error).toBeInstanceOf(AuthError);
    expect((outcome as { error: AuthError }).error.message).toMatch(/channel binding/);
  });
});
