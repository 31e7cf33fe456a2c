/**
 * The `failover.upgrade` job as the server runs it: on the active controller only; the update is
 * downloaded (or taken from an image uploaded with the call, `POST /_upload`), sent to the standby,
 * installed on both (the installer's pre-checks may stop it with an EAGAIN warning that
 * `resume: true` accepts; an uploaded image is kept for `resume_manual: true`), the standby reboots
 * into the new version and must come back as a ready standby with a new boot id; finally the active
 * controller records an UPGRADE reboot reason. The job does not fail over: a later
 * `become_passive` (or a `reboot.other_node` from the new active controller) boots the old active
 * one into the new version.
 */
import { ERRNO } from '../../errors/errno.js';
import { SimCallError } from '../errors.js';
import type { ImageReceiver, UploadedImage } from '../upload/image.js';
import { FlowAborted } from '../util/clock.js';
import type { JobContext } from './jobs.js';

import type { Pair } from './pair.js';
import { waitUntil } from './reboot-other-node.js';
import { startSystemReboot } from './system-reboot.js';
import { type NodeLetter, REBOOT_REASON_TEXT } from './types.js';

export interface UpgradeOptions {
  train?: string | null;
  version?: string | null;
  resume: boolean;
  resume_manual: boolean;
}

/** Real-world durations (ms) of the upgrade phases, before the time scale. */
const PHASES = { download: 20_000, send: 10_000, installStep: 8_000 };
/** The update's size and download rates as humanfriendly.format_size(binary=True) words them. */
const UPDATE_SIZE = '1.55 GiB';
const DOWNLOAD_RATES = ['78.2 MiB', '81.4 MiB', '80.06 MiB'];
const INSTALL_STEPS: [number, string][] = [
  [0, 'Running pre-checks'],
  [0, 'Starting installer'],
  [15, 'Creating dataset'],
  [40, 'Extracting'],
  [75, 'Performing post-install tasks'],
  [95, 'Cleaning up'],
  [100, 'Update completed'],
];

/** The next version string: the last number goes up by one (`25.10.1` → `25.10.2`). */
export function bumpVersion(version: string): string {
  const m = /^(.*?)(\d+)(\D*)$/.exec(version);
  return m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${version}.1`;
}

// Where TrueNAS writes an uploaded image; its loop mount is what fails when the file is missing or bad.
const UPDATE_FILE = '/var/db/system/update/updatefile.sqsh';
const INVALID_IMAGE = 'Invalid update image file. Please, re-download update. Error: ';

/** Waits for the uploaded image; the upload failing (cut off, too large) leaves a file that cannot be mounted. */
function receive(image: ImageReceiver, signal: AbortSignal): Promise<UploadedImage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new FlowAborted());
    const onAbort = () => reject(new FlowAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    image.received.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(new SimCallError(`${INVALID_IMAGE}mount: ${UPDATE_FILE}: the upload did not complete (${error.message}).`));
      },
    );
  });
}

/** The version a kept image installs, as TrueNAS reads it from the image's manifest after mounting it. */
function mountedVersion(file: UploadedImage | null, pair: Pair): string {
  if (!file) throw new SimCallError(`${INVALID_IMAGE}mount: ${UPDATE_FILE}: failed to setup loop device: No such file or directory.`);
  if (file.size === 0) {
    throw new SimCallError(`${INVALID_IMAGE}mount: ${UPDATE_FILE}: wrong fs type, bad option, bad superblock on /dev/loop0.`);
  }
  return file.version ?? pair.upgradeVersion ?? bumpVersion(pair.release.softwareVersion);
}

/**
 * Runs the job. `image` is the file uploaded with the call (`POST /_upload`); without it the update
 * is downloaded. With `resume: true`, `resume_manual` says which of the kept files to continue with.
 */
export async function runUpgrade(
  pair: Pair,
  node: NodeLetter,
  options: UpgradeOptions,
  ctx: JobContext,
  image?: ImageReceiver,
): Promise<boolean> {
  const self = pair.controller(node);
  if (pair.status(node) !== 'MASTER') throw new SimCallError('Upgrade can only run on Active Controller.');
  if (self.nextVersion !== self.version) {
    throw new SimCallError('System update was already applied, system reboot is required.', ERRNO.EREBOOTREQUIRED);
  }
  // As on TrueNAS: a new attempt uses an image if one came with it; a resumed one the kind of file kept.
  const manual = options.resume ? options.resume_manual : image !== undefined;
  if (!options.resume && image) {
    ctx.setProgress(null, 'Uploading update file');
    self.updateFile = await receive(image, ctx.signal);
  }
  const ready = await pair.callPeer(node, (peer) => peer.power === 'up', ctx.signal);
  if (!ready) throw new SimCallError('Standby Controller is not ready.');

  let target = options.version ?? pair.upgradeVersion ?? bumpVersion(pair.release.softwareVersion);
  if (!options.resume && pair.reasonsNow(node).length > 0) {
    throw new SimCallError('HA is configured but currently unavailable.', ERRNO.EHAUNAVAILABLE);
  }
  if (!options.resume && !manual) {
    // update_/download.py `download`, relayed by failover.py `upgrade` (descriptions only, percent kept).
    ctx.setProgress(null, 'Retrieving update manifest');
    for (const rate of DOWNLOAD_RATES) {
      await ctx.sleep(PHASES.download / DOWNLOAD_RATES.length);
      ctx.setProgress(null, `Downloading update: ${UPDATE_SIZE} at ${rate}/s`);
    }
    ctx.setProgress(null, 'Update downloaded.');
  }
  if (manual) target = mountedVersion(self.updateFile, pair);
  if (!options.resume) {
    if (target === self.version) throw new SimCallError('No updates available.');
    ctx.setProgress(null, 'Sending files to Standby Controller');
    await pair.callPeer(node, () => ctx.sleep(PHASES.send), ctx.signal);
  }

  let local = 'Starting upgrade';
  let remote = 'Starting upgrade';
  let localPercent = 0;
  let remotePercent = 0;
  const report = () => ctx.setProgress(Math.min(localPercent, remotePercent), `Active Controller: ${local}\nStandby Controller: ${remote}`);
  for (const [percent, text] of INSTALL_STEPS) {
    localPercent = percent;
    local = `${percent}%: ${text}`;
    if (text === 'Running pre-checks') {
      report();
      const warning = pair.faults.installerWarningText();
      if (warning && !options.resume) throw new SimCallError(warning, ERRNO.EAGAIN);
      continue;
    }
    // The standby installs alongside once the local installer has passed its pre-checks.
    if (text !== 'Starting installer') {
      remotePercent = percent;
      remote = `${percent}%: ${text}`;
    }
    report();
    await pair.callPeer(node, () => ctx.sleep(PHASES.installStep), ctx.signal);
  }
  self.nextVersion = target;
  const standbyBootId = await pair.callPeer(node, (peer) => {
    peer.nextVersion = target;
    return peer.bootId;
  });
  // failover.py `upgrade`: call_remote('system.reboot', [SYSTEM_UPGRADE_REBOOT_REASON, {'delay': 5}]).
  await pair.callPeer(node, (peer) => startSystemReboot(pair, peer.node, 'System upgrade', 5));

  ctx.setProgress(null, 'Waiting on the Standby Controller to reboot.');
  if (!(await waitUntil(ctx, 90_000, () => pair.peerState(node) !== 'ok'))) {
    throw new SimCallError('Timed out waiting 90 seconds for the standby controller to reboot', ERRNO.ETIMEDOUT);
  }
  const back = await waitUntil(ctx, 1_200_000, () => {
    const peer = pair.peer(node);
    return pair.peerState(node) === 'ok' && peer.power === 'up' && !pair.failoverInProgress(peer.node) && peer.role === 'BACKUP';
  });
  if (!back) throw new SimCallError('Timed out waiting for the standby controller to upgrade.', ERRNO.ETIMEDOUT);
  if (pair.peer(node).bootId === standbyBootId) throw new SimCallError('Standby Controller failed to reboot.');

  self.rebootReasons.set('UPGRADE', REBOOT_REASON_TEXT.UPGRADE!);
  if (manual) self.updateFile = null;
  pair.changed();
  return true;
}
