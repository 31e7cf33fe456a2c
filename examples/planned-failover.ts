/**
 * The seed's planned failover (`failover.become_passive` on the master) as one workflow call:
 * preconditions, become_passive, follow the pair to the new MASTER, verify.
 *   npx tsx examples/planned-failover.ts
 */
import { FailoverPreconditionError } from '../src/index.js';
import { printProgress, startPair } from './lib/pair.js';

const pair = await startPair();
try {
  pair.client.on('failover', ({ from, to }) => console.log(`        (client: now connected to node ${to.node}, was node ${from.node})`));
  const workflow = pair.client.ha.plannedFailover();
  printProgress(workflow);
  const report = await workflow;
  console.log(`node ${report.master} is MASTER; clients saw no active controller for ${report.noMasterMs} ms;`);
  console.log(`node ${report.from.node} was back as a healthy standby after ${report.peerBackMs} ms.`);

  // Refused with a typed error naming the precondition, and nothing changes:
  pair.sim.faults.cutHeartbeat();
  await pair.client.ha.plannedFailover().catch((error) => {
    if (!(error instanceof FailoverPreconditionError)) throw error;
    console.log(`refused (${error.precondition}): ${error.message}`);
  });
} finally {
  await pair.close();
}
