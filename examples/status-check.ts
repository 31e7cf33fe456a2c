/**
 * The seed's "Check HA status" (failover.licensed, failover.status, failover.node) and the rest an
 * operator looks at, in one call:  npx tsx examples/status-check.ts
 */
import { reasonMeaning } from '../src/index.js';
import { startPair } from './lib/pair.js';

const pair = await startPair();
try {
  // Make it interesting: the other controller is cut off from this one.
  pair.sim.faults.cutHeartbeat();
  const s = await pair.client.ha.snapshot();
  console.log(`licensed:          ${s.licensed}`);
  console.log(`node ${s.node} status:     ${s.status}`);
  console.log(
    `failover:          ${s.config.disabled ? 'DISABLED' : 'enabled'} (designated master: node ${s.designatedMaster}, timeout ${s.config.timeout} s)`,
  );
  console.log(
    `peer (node ${s.otherNode}):     ${s.rebootInfo.other_node ? `boot id ${s.rebootInfo.other_node.boot_id}` : 'not answering'}`,
  );
  console.log(`healthy:           ${s.healthy}`);
  for (const code of s.disabledReasons ?? []) console.log(`  reason ${code}: ${reasonMeaning(code)}`);
  process.exitCode = s.healthy ? 0 : 2;
} finally {
  await pair.close();
}
