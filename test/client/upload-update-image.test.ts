/**
 * `client.upload('failover.upgrade', [options], image)`: the image goes to the controller in use
 * through `POST /_upload`, over WebSocket with a single-use token (never the API key), over REST
 * with the credential every request carries; the job is followed like any other (events or
 * polling): progress, result, `JobFailedError`, across a reconnect. TrueNAS's refusals become the
 * same typed errors. Images as bytes, a Node file path, a stream. Over real sockets to the simulator.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CallError, JobFailedError, type JobProgress, ValidationError } from '../../src/index.js';
import { simulatedUpdateImage } from '../../src/simulator.js';
import { clientOf, clientOver, settle, simulator, simulatorForBoth, TRANSPORTS, until } from './helpers.js';

async function tempImage(version: string, padding: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'truenas-image-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'TrueNAS-update.sqsh');
  await writeFile(path, simulatedUpdateImage(version, padding));
  return path;
}

function streamOf(bytes: Uint8Array, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

describe.each(TRANSPORTS)('client.upload() over %s', (transport) => {
  it('upgrades from the image; the job is followed to its result', async () => {
    const sim = await simulatorForBoth({ apiVersion: 'v25.10.2' });
    const client = clientOver(transport, sim);
    const job = client.upload('failover.upgrade', [{}], simulatedUpdateImage(`25.10.7-${transport}`, 256 * 1024));
    const seen: JobProgress[] = [];
    job.on('progress', (p) => seen.push(p));
    expect(await job).toBe(true);
    expect(seen.map((p) => p.description)).toContain('Sending files to Standby Controller');
    expect(job.info?.credentials).toMatchObject({ type: transport === 'rest' ? 'API_KEY' : 'TOKEN' });
    expect(sim.state().nodes.B?.version).toBe(`25.10.7-${transport}`);
  });

  it('a role without FAILOVER_WRITE is CallError EACCES; another call error keeps its errno', async () => {
    const sim = await simulatorForBoth({ apiVersion: 'v25.10.2' });
    const image = simulatedUpdateImage('25.10.8');
    const viewer = clientOver(transport, sim, {
      auth: { username: sim.credentials.readonly.username, apiKey: sim.credentials.readonly.apiKey },
    });
    const refused = await viewer.upload('failover.upgrade', [{}], image).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CallError);
    expect((refused as CallError).errno).toBe(13);
    const admin = clientOver(transport, sim);
    sim.faults.failNextCall('failover.upgrade', { errno: 16, reason: 'Upgrade lock is busy' });
    const busy = await admin.upload('failover.upgrade', [{}], image).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(busy).toBeInstanceOf(CallError);
    expect(busy).toMatchObject({ errno: 16, errname: 'EBUSY', reason: '[EBUSY] Upgrade lock is busy' });
    expect(sim.state().nodes.A.jobs.filter((j) => j.method === 'failover.upgrade')).toEqual([]);
  });
});

describe('client.upload(): failover.upgrade from an update image (WebSocket client)', () => {
  it('uploads bytes with a single-use token; the job reports the upload, installs the image’s version', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const client = clientOf(sim);
    const job = client.upload('failover.upgrade', [{}], simulatedUpdateImage('27.0.2-IMAGE', 512 * 1024));
    const seen: JobProgress[] = [];
    job.on('progress', (p) => seen.push(p));
    expect(await job).toBe(true);
    const descriptions = seen.map((p) => p.description);
    expect(descriptions).toEqual(expect.arrayContaining(['Uploading update file', 'Sending files to Standby Controller']));
    expect(descriptions.filter((d) => d?.startsWith('Downloading update'))).toEqual([]);
    // The upload authenticated with a token, not with the API key (SCRAM on 26+ never sends it).
    expect(job.info?.credentials).toMatchObject({ type: 'TOKEN' });
    expect(sim.state().nodes.B?.version).toBe('27.0.2-IMAGE');
    expect(client.stats().jobs.tracked).toBe(0);
  });

  it('takes a file path (Node) and a ReadableStream', async () => {
    const viaPath = await simulator({ apiVersion: 'v25.10.2' });
    const path = await tempImage('25.10.6-FILE', 2 * 1024 * 1024);
    expect(await clientOf(viaPath).upload('failover.upgrade', [{}], path)).toBe(true);
    expect(viaPath.state().nodes.B?.version).toBe('25.10.6-FILE');

    const viaStream = await simulator({ apiVersion: 'v25.04.2' });
    const job = clientOf(viaStream).upload('failover.upgrade', [{}], streamOf(simulatedUpdateImage('25.04.7-STREAM', 300_000)));
    expect(await job).toBe(true);
    expect(viaStream.state().nodes.B?.version).toBe('25.04.7-STREAM');
  });

  it('refuses before sending: invalid arguments, a method without a file, a bad image', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const image = simulatedUpdateImage('27.0.3');
    const invalid = await settle(client.upload('failover.upgrade', [{ resume: 'yes' as unknown as boolean }], image));
    expect((invalid as { error: ValidationError }).error).toBeInstanceOf(ValidationError);
    expect((invalid as { error: ValidationError }).error.source).toBe('client');
    expect((invalid as { error: ValidationError }).error.issues[0]?.attribute).toBe('failover_upgrade.resume');
    const noFile = await settle(client.upload('failover.reboot.other_node' as 'failover.upgrade', [{}], image));
    expect((noFile as { error: Error }).error).toBeInstanceOf(TypeError);
    expect((noFile as { error: Error }).error.message).toMatch(/failover\.reboot\.other_node does not take a file/);
    const badImage = await settle(client.upload('failover.upgrade', [{}], 42 as unknown as Uint8Array));
    expect((badImage as { error: Error }).error.message).toMatch(/^upload: image must be/);
    const missing = await settle(client.upload('failover.upgrade', [{}], '/nonexistent/update.sqsh'));
    expect((missing as { error: Error }).error.message).toMatch(/cannot read the image file \/nonexistent\/update\.sqsh/);
    expect(sim.state().nodes.A.jobs.filter((j) => j.method === 'failover.upgrade')).toEqual([]);
  });

  it('an installer warning is JobFailedError (EAGAIN); resume_manual continues with the kept image', async () => {
    const sim = await simulator({ upgradeVersion: '27.0.9-DOWNLOAD' });
    const client = clientOf(sim);
    sim.faults.installerWarning('Boot pool nearly full');
    const first = await settle(client.upload('failover.upgrade', [{}], simulatedUpdateImage('27.0.4-KEPT')));
    const error = (first as { error: JobFailedError }).error;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.errno).toBe(11);
    expect(await client.failover.upgrade({ resume: true, resume_manual: true })).toBe(true);
    expect(sim.state().nodes.B?.version).toBe('27.0.4-KEPT');
  });

  it('is followed across a reconnect like any other job', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.upload('failover.upgrade', [{}], simulatedUpdateImage('27.0.5-RECONNECT'));
    await until(() => (job.lastProgress?.percent ?? 0) > 0, 'the upgrade to make progress', 20_000);
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the drop');
    await new Promise((r) => setTimeout(r, 100));
    sim.faults.healVip();
    expect(await job).toBe(true);
    expect(sim.state().nodes.B?.version).toBe('27.0.5-RECONNECT');
  });
});
