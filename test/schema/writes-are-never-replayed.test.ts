/**
 * `idempotent` tells the client what it may send again after a dropped connection. Writes never
 * qualify, even those that would be harmless to repeat: their outcome is unknown after a drop, and
 * after a failover the same request would reach the other controller (job ids, for one, differ).
 */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSchemas } from '../../scripts/lib/schema-file.js';

const schemas = loadSchemas(resolve(import.meta.dirname, '../../schema'));
const WRITES = new Set([
  'failover.update',
  'failover.become_passive',
  'failover.sync_to_peer',
  'failover.sync_from_peer',
  'failover.reboot.other_node',
  'failover.upgrade',
  'failover.control',
  'failover.force_master',
  'failover.unlock',
  'failover.call_remote',
  'core.job_abort',
  'core.job_wait',
  'core.subscribe',
  'auth.login',
  'auth.login_ex',
  'auth.login_ex_continue',
  'auth.login_with_api_key',
  'auth.login_with_token',
  'auth.generate_token',
]);

describe.each(schemas.map((s) => [s.file, s.data] as const))('%s', (_file, schema) => {
  test('writes are not idempotent', () => {
    for (const m of schema.methods) if (WRITES.has(m.name)) expect(m.idempotent, m.name).toBe(false);
  });
  test('reads are idempotent', () => {
    for (const m of schema.methods) if (!WRITES.has(m.name)) expect(m.idempotent, m.name).toBe(true);
  });
});
