/** `failover.get_ips` of a controller: the VIP URL on the active one, nothing on the standby (also the REDIRECT urls). */
import type { NodeLetter } from '../pair/types.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';

export function getIps(rt: SimulatorRuntime, node: NodeLetter): string[] {
  if (!rt.pair.licensed) return [rt.urls.nodes[node].http];
  return rt.pair.status(node) === 'MASTER' ? [rt.urls.vip.http] : [];
}
