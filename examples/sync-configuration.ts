/**
 * The seed's "Sync configuration" after changes on the master, with verification: the
 * configuration is read back on both controllers and compared. On TrueNAS 25.x the standby is read
 * over REST (its WebSocket logins are redirected to the master).   npx tsx examples/sync-configuration.ts
 */
import { startPair } from './lib/pair.js';

const pair = await startPair({ apiVersion: 'v25.10.2' });
try {
  await pair.client.failover.update({ timeout: 5 });
  const report = await pair.client.ha.syncToPeer();
  console.log(`copied node ${report.source} → node ${report.target} in ${report.syncMs} ms`);
  if (report.verification.status === 'matched') {
    console.log(
      `both controllers read the same configuration (standby read over ${report.verification.via}):`,
      report.verification.peerConfig,
    );
  } else console.log(`not compared: ${report.verification.why}`);
} finally {
  await pair.close();
}
