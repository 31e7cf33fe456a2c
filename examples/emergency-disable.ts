/**
 * The seed's emergency disable and re-enable, as two workflow calls: disabling warns when the VIP
 * will move (here: the other controller is made the designated master), re-enabling waits until
 * failover really works again (no disabled reasons).   npx tsx examples/emergency-disable.ts
 */
import { printProgress, startPair } from './lib/pair.js';

const pair = await startPair();
try {
  const disable = pair.client.ha.emergencyDisable({
    master: 'other',
    // A CLI would ask the operator here; the warning has already been emitted.
    confirm: (plan) => {
      console.log(`        confirm: move the VIP from node ${plan.activeNode} to node ${plan.designatedMaster}? yes`);
      return true;
    },
  });
  printProgress(disable);
  const off = await disable;
  console.log(
    `failover disabled; node ${off.activeNode} is active (VIP moved: ${off.vipMoved}); reasons: ${off.disabledReasons?.join(', ')}`,
  );

  console.log('... maintenance ...');
  const enable = pair.client.ha.reenable();
  printProgress(enable);
  const on = await enable;
  console.log(
    `failover enabled again after ${on.totalMs} ms; disabled reasons: ${on.disabledReasons?.length ? on.disabledReasons.join(', ') : 'none'}`,
  );
} finally {
  await pair.close();
}
