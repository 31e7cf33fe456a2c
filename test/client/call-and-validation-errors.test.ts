import { describe, expect, it } from 'vitest';
import { CallError, ERRNO, ValidationError } from '../../src/index.js';
import { clientOf, clientOver, failure, settle, simulator, simulatorForBoth, TRANSPORTS } from './helpers.js';

// Code written against one transport catches the same errors from the other: the same classes,
// field paths, errnos and reason texts.
describe.each(TRANSPORTS)('errors over %s', (transport) => {
  it('validates arguments before sending: ValidationError with field paths, nothing changed', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const error = await failure(client.failover.update({ timeout: 'soon' as unknown as number }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).source).toBe('client');
    expect((error as ValidationError).issues).toEqual([
      { attribute: 'data.timeout', message: 'Input should be a valid integer', errno: 22 },
    ]);
    expect((await client.failover.config()).timeout).toBe(0);
  });

  it('reports a validation error the server raises with the attribute TrueNAS names', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    await client.failover.update({ disabled: true });
    const error = await failure(client.failover.become_passive());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).source).toBe('server');
    expect((error as ValidationError).issues).toEqual([
      { attribute: 'failover.become_passive', message: 'Failover must be enabled.', errno: 22 },
    ]);
    expect((error as ValidationError).errno).toBe(22);
  });

  it('reports a call error with errno, errname and the [ERRNAME] reason', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    await client.failover.config();
    sim.faults.failNextCall('failover.sync_to_peer', { errno: 111, reason: 'Remote connection unavailable' });
    const error = await failure(client.failover.sync_to_peer());
    expect(error).toBeInstanceOf(CallError);
    expect(error).not.toBeInstanceOf(ValidationError);
    const e = error as CallError;
    expect([e.errno, e.errname, e.reason, e.method, e.code]).toEqual([
      111,
      'ECONNREFUSED',
      '[ECONNREFUSED] Remote connection unavailable',
      'failover.sync_to_peer',
      -32001,
    ]);
  });

  it('refuses a write the credential’s roles do not grant with errno 13 (EACCES)', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, {
      auth: { username: sim.credentials.readonly.username, apiKey: sim.credentials.readonly.apiKey },
    });
    expect((await client.failover.config()).timeout).toBe(0);
    if (transport === 'websocket') expect(await client.failover.status()).toBe('MASTER');
    const error = await failure(client.failover.update({ timeout: 5 }));
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).errno).toBe(13);
    expect((error as CallError).errname).toBe('EACCES');
  });
});

// Over WebSocket the JSON-RPC error keeps everything TrueNAS says: code, errno and its name,
// reason, extra, trace; a method the server does not know is -32601. (REST answers carry fewer
// fields, and a route it does not have is NotAvailableOverRestError: see the HTTP status tests.)
describe('CallError over WebSocket', () => {
  it('carries code, errno, errname, reason, extra and trace', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    sim.faults.failNextCall('failover.sync_to_peer', {
      errno: ERRNO.EREMOTENODEERROR,
      reason: 'peer refused the sync',
      extra: { peer: 'B' },
    });
    const outcome = await settle(client.failover.sync_to_peer());
    const error = (outcome as { error: CallError }).error;
    expect(error).toBeInstanceOf(CallError);
    expect(error.method).toBe('failover.sync_to_peer');
    expect(error.code).toBe(-32001);
    expect(error.errno).toBe(204);
    expect(error.errname).toBe('EREMOTENODEERROR');
    expect(error.reason).toBe('[EREMOTENODEERROR] peer refused the sync');
    expect(error.extra).toEqual({ peer: 'B' });
    expect(error.trace?.class).toEqual(expect.any(String));
    expect(error.message).toContain('failover.sync_to_peer failed: [EREMOTENODEERROR] peer refused the sync');
  });

  it('reports an unknown method as -32601', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const outcome = await settle(client.call('failover.no_such_method'));
    expect((outcome as { error: CallError }).error).toBeInstanceOf(CallError);
    expect((outcome as { error: CallError }).error.code).toBe(-32601);
  });
});
