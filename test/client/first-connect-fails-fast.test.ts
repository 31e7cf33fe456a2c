import { describe, expect, it, onTestFinished } from 'vitest';
import { type ClientOptions, ConnectionError, createClient, TimeoutError, TlsCertificateError } from '../../src/index.js';
import { failure, memoryLogger, simulatorForBoth, TRANSPORTS, type TransportClient, type TransportName, until } from './helpers.js';
import { refusedPort, resetPort, silentPort, statusPort } from './unreachable-addresses.js';

// The first connection fails fast and says why: a refused port, a silent host, a server without TLS
// behind wss://, an HTTP status instead of the API. Once a connection has worked, or with several
// addresses, the client is patient instead (a failover takes a while), and timeouts name the last
// connection error.

function clientAt(transport: TransportName, url: string | string[], options: Partial<ClientOptions> = {}): TransportClient {
  const client = createClient({
    ...(Array.isArray(url) ? { urls: url } : { url }),
    auth: { username: 'truenas_admin', password: 'not-used' },
    env: false,
    transport,
    ...options,
  } as ClientOptions) as unknown as TransportClient;
  onTestFinished(() => client.close());
  return client;
}

const scheme = (transport: TransportName, tls = false) => (transport === 'rest' ? (tls ? 'https' : 'http') : tls ? 'wss' : 'ws');

describe.each(TRANSPORTS)('the first connection over %s', (transport) => {
  it('a refused port fails the first call within 2 s with a ConnectionError naming the address and ECONNREFUSED', async () => {
    const port = await refusedPort();
    const url = `${scheme(transport)}://127.0.0.1:${port}`;
    const client = clientAt(transport, url);
    const started = Date.now();
    const error = (await failure(client.failover.status())) as ConnectionError;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.failure).toBe('REFUSED');
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/refused \(ECONNREFUSED\)/);
    // The underlying error is kept, with the system's code.
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(client.state).toBe('idle');
  });

  it('an unresolvable name fails the first call within 2 s with a ConnectionError naming the host and ENOTFOUND', async () => {
    // `.invalid` never resolves (RFC 6761): no traffic leaves the machine but the resolver's answer.
    const url = `${scheme(transport)}://nas.invalid:8080`;
    const client = clientAt(transport, url, { allowInsecure: true });
    const started = Date.now();
    const error = (await failure(client.failover.status())) as ConnectionError;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.failure).toBe('UNRESOLVED');
    expect(error.code).toBe('ENOTFOUND');
    expect(error.message).toContain('nas.invalid:8080');
    expect(error.message).toContain('ENOTFOUND');
    expect(client.state).toBe('idle');
  });

  it('a silent host fails within connectTimeout, saying it did not answer', async () => {
    const port = await silentPort();
    const client = clientAt(transport, `${scheme(transport)}://127.0.0.1:${port}`, { connectTimeout: 600 });
    const started = Date.now();
    const error = (await failure(client.connect())) as ConnectionError;
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.failure).toBe('TIMEOUT');
    expect(error.message).toMatch(/no answer within 600 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(5000);
  });

  it('a TLS address on a server without TLS fails at once with the TLS error', async () => {
    const port = await statusPort(200);
    const client = clientAt(transport, `${scheme(transport, true)}://127.0.0.1:${port}`);
    const error = (await failure(client.failover.status())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.failure).toBe('TLS');
    expect(error.code).toMatch(/SSL|EPROTO/);
    expect(error.message).toMatch(/TLS handshake failed .*ws:\/\/ or http:\/\//);
  });

  it('an HTTP error status instead of the API fails at once, naming the status', async () => {
    const port = await statusPort(502);
    const client = clientAt(transport, `${scheme(transport)}://127.0.0.1:${port}`);
    const error = (await failure(client.failover.status())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.failure).toBe('HTTP_STATUS');
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/answered HTTP 502/);
  });

  it('a connection reset during the handshake (a VIP moving) is waited through; the timeout names it', async () => {
    const port = await resetPort();
    const client = clientAt(transport, `${scheme(transport)}://127.0.0.1:${port}`, { reconnect: { initialDelay: 20, maxDelay: 50 } });
    const error = (await failure(client.failover.status({ timeout: 800 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.sent).toBe(false);
    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect((error.cause as ConnectionError).failure).toBe('CUT_OFF');
    expect(error.message).toMatch(/Last connection error: Cannot connect to .*cut during the handshake/);
  });

  it('with several addresses the client keeps trying; timeouts (client.ha.snapshot too) name the last connection error', async () => {
    const [one, two] = [await refusedPort(), await refusedPort()];
    const client = clientAt(transport, [`${scheme(transport)}://127.0.0.1:${one}`, `${scheme(transport)}://127.0.0.1:${two}`], {
      reconnect: { initialDelay: 20, maxDelay: 50 },
    });
    const error = (await failure(client.ha.snapshot({ timeout: 700 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/Last connection error: Cannot connect to .*ECONNREFUSED/);
    expect(client.state).toBe('connecting');
  });

  it('once a connection has worked, a refused controller is waited for (a reboot)', async () => {
    // A single controller (no HA): powered off, its port refuses; it comes back as itself.
    const sim = await simulatorForBoth({ licensed: false });
    const { logger, text } = memoryLogger();
    const client = clientAt(transport, transport === 'rest' ? sim.a.http : sim.a.ws, {
      auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey },
      reconnect: { initialDelay: 20, maxDelay: 100 },
      keepAlive: false,
      logger,
    });
    expect(await client.failover.licensed()).toBe(false);
    sim.faults.killController('A');
    let settled = false;
    const read = client.failover.licensed().finally(() => {
      settled = true;
    });
    // Refused, again and again, and the call waits instead of failing.
    await until(() => (text().match(/ECONNREFUSED/g) ?? []).length >= 3, 'three refused attempts');
    expect(settled).toBe(false);
    sim.faults.restoreController('A');
    expect(await read).toBe(false);
  });
});

describe('the default connect timeout', () => {
  it('is at most 10 s: a silent host fails the first call within it', async () => {
    const port = await silentPort();
    const client = clientAt('websocket', `ws://127.0.0.1:${port}`);
    const started = Date.now();
    const error = (await failure(client.failover.status())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/no answer within 10000 ms/);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 20_000);

  it('an untrusted certificate stays a TlsCertificateError, and is a ConnectionError too', () => {
    const error = new TlsCertificateError('wss://nas.example', 'DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.failure).toBe('TLS');
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
