/**
 * The seed's rolling upgrade as one workflow call, in its three phases (standby upgraded, failover,
 * old master upgraded). The installer warns first (EAGAIN); the callback accepts the warning and
 * the job resumes with `resume: true`.   npx tsx examples/rolling-upgrade.ts
 */
import { printProgress, startPair } from './lib/pair.js';

const pair = await startPair({ upgradeVersion: '27.0.0-EXAMPLE' });
try {
  pair.sim.faults.installerWarning('The boot pool is more than 80% full.');
  const upgrade = pair.client.ha.rollingUpgrade({
    acceptWarning: (warning) => {
      console.log(`        accepting the installer's warning: ${warning}`);
      return true;
    },
  });
  printProgress(upgrade);
  const report = await upgrade;
  const state = pair.sim.state();
  console.log(
    `done in ${(report.totalMs / 1000).toFixed(1)} s: node ${report.master} is MASTER; versions A=${state.nodes.A.version} B=${state.nodes.B?.version}`,
  );
  console.log(`during the failover clients saw no active controller for ${report.failover?.noMasterMs} ms`);
} finally {
  await pair.close();
}
