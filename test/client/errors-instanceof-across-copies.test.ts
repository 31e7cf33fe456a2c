import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as errors from '../../src/errors/index.js';

// `instanceof` holds across duplicate copies of the package (two versions in node_modules, ESM and
// CJS side by side): a second, separately loaded copy of the error modules stands in for one.
describe('error classes', () => {
  it('recognise instances made by another copy of the package', async () => {
    // A second copy of the error modules on disk, loaded separately: another package instance.
    const dir = await mkdtemp(join(tmpdir(), 'truenas-errors-copy-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const src = new URL('../../src/', import.meta.url).pathname;
    await cp(join(src, 'errors'), join(dir, 'errors'), { recursive: true });
    await cp(join(src, 'util'), join(dir, 'util'), { recursive: true });
    const copy = (await import(join(dir, 'errors', 'index.ts'))) as typeof errors;
    expect(copy.TimeoutError).not.toBe(errors.TimeoutError);
    const foreign = new copy.OutcomeUnknownError('failover.update');
    expect(foreign).toBeInstanceOf(errors.OutcomeUnknownError);
    expect(foreign).toBeInstanceOf(errors.ConnectionClosedError);
    expect(foreign).toBeInstanceOf(errors.TrueNasError);
    expect(foreign).toBeInstanceOf(Error);
    expect(foreign).not.toBeInstanceOf(errors.TimeoutError);
    expect(new errors.ValidationError('m', [], 'client')).toBeInstanceOf(copy.CallError);
  });

  it('each have their own name, and clear sentences', () => {
    const made: errors.TrueNasError[] = [
      new errors.ConnectionClosedError('The connection closed.'),
      new errors.ConnectionError('ws://10.0.0.1', { failure: 'REFUSED', code: 'ECONNREFUSED' }),
      new errors.OutcomeUnknownError('failover.update'),
      new errors.TimeoutError('failover.status', 100, true),
      new errors.AbortedError('failover.status', 'stop'),
      new errors.CallError('failover.status failed: x', { method: 'failover.status', code: -32001 }),
      new errors.ValidationError(
        'failover.update',
        [{ attribute: 'data.timeout', message: 'Input should be a valid integer', errno: 22 }],
        'client',
      ),
      new errors.AuthError('Login was refused.', { failure: 'AUTH_ERR' }),
      new errors.HaRedirectError(['https://10.0.0.10']),
      new errors.JobLostError(4, 'failover.upgrade', 'the controller rebooted'),
      new errors.NotSupportedByTransportError('tls options', 'browser WebSocket'),
      new errors.NotAvailableOverRestError('failover.status', 'v25.10.0'),
      new errors.InsecureTransportError('ws://10.0.0.1', 'API key'),
      new errors.QueueFullError('failover.config', 10),
      new errors.MessageTooLargeError('failover.update', 70000, 65536, true),
    ];
    const names = new Set(made.map((e) => e.name));
    expect(names.size).toBe(made.length);
    for (const e of made) {
      expect(e).toBeInstanceOf(errors.TrueNasError);
      expect(e.name).toBe(e.constructor.name);
      expect(e.message).toMatch(/^[A-Za-z].{10,}[.:)a-z0-9]$/s);
    }
    expect(new errors.OutcomeUnknownError('failover.update').message).toMatch(/failover\.config/);
  });

  it('never carry a secret in their message', () => {
    const key = '12-abcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
    expect(new errors.ConnectionClosedError(`closed while sending ${key}`).message).not.toContain(key);
    expect(new errors.CallError(`x failed: {"password": "hunter2"}`, { method: 'x', code: -32001 }).message).not.toContain('hunter2');
  });
});
