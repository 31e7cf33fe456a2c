import type { JobOrigin } from './job-handle.js';

/**
 * Whether two connections reached the same controller during the same boot. Boot ids decide when
 * both are known (they change on every boot); else node letters; unknown counts as the same.
 */
export function sameController(a: JobOrigin | undefined, b: JobOrigin | undefined): boolean {
  if (!a || !b) return true;
  if (a.bootId && b.bootId) return a.bootId === b.bootId;
  if (a.node && b.node) return a.node === b.node;
  return true;
}

export function describeOrigin(o: JobOrigin | undefined): string {
  if (!o) return 'an unknown controller';
  const parts = [o.node ? `node ${o.node}` : undefined, o.bootId ? `boot ${o.bootId.slice(0, 8)}` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : o.url;
}
