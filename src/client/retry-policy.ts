/**
 * Which calls may be sent again after the connection dropped with them in flight. Only reads:
 * the schema's `idempotent` flag, minus anything that changes state (a write role, or a known
 * write), because "same input, same state" still means the user's write happened twice.
 */
import type { ApiDescription, MethodDescription } from '../types/api-description.js';
import type { ApiRegistry } from '../types/api-registry.js';

const WRITES = new Set([
  'failover.update',
  'failover.become_passive',
  'failover.sync_to_peer',
  'failover.sync_from_peer',
  'failover.reboot.other_node',
  'failover.upgrade',
  'failover.force_master',
  'failover.control',
  'failover.unlock',
  'failover.call_remote',
  'core.subscribe',
  'core.set_options',
]);

/** The method's description in `description`, or in any version the client knows (newest first). */
export function describeMethod(api: ApiRegistry, description: ApiDescription | undefined, method: string): MethodDescription | undefined {
  const own = description?.methods[method];
  if (own) return own;
  for (let i = api.versions.length - 1; i >= 0; i--) {
    const m = api.describe(api.versions[i]!)?.methods[method];
    if (m) return m;
  }
  return undefined;
}

export function isWrite(method: MethodDescription | undefined, name: string): boolean {
  if (WRITES.has(name) || name.startsWith('auth.')) return true;
  if (!method) return true;
  return method.roles.some((r) => r.endsWith('_WRITE') || r === 'FULL_ADMIN');
}

/** True when a call cut off by a dropped connection may be sent again on the next one. */
export function isRetryableRead(method: MethodDescription | undefined, name: string): boolean {
  return method?.idempotent === true && !isWrite(method, name);
}
