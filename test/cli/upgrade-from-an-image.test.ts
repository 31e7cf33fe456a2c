/**
 * `truenas-failover upgrade --image FILE`: the rolling upgrade of an air-gapped pair from an update
 * image on disk. A missing file is a usage error before anything is sent; an installer warning
 * stops a script with a hint to resume with the kept image, and `--image FILE --resume` continues
 * without sending it again. The CLI runs as a subprocess against the simulator.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, simulatedUpdateImage } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

describe('upgrade --image FILE', () => {
  let sim: Simulator | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function imageFile(version: string): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'truenas-cli-image-'));
    const path = join(dir, `TrueNAS-${version}.update`);
    await writeFile(path, simulatedUpdateImage(version, 256 * 1024));
    return path;
  }

  it('uploads the image and runs the three phases; both controllers end on its version', async () => {
    sim = await startPair({ upgradeVersion: '27.0.9-DOWNLOAD' });
    const path = await imageFile('27.0.6-CLI');
    const r = await runCli(['upgrade', '--image', path, '--yes', '--json'], { env: pairEnv(sim), timeout: 120_000 });
    expect(r.code, r.output).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, fromImage: true, upgradedStandby: true, master: 'B' });
    expect(r.stderr).toContain('Uploading update file');
    expect(r.stderr).not.toContain('Downloading update');
    expect(sim.state().nodes.A.version).toBe('27.0.6-CLI');
    expect(sim.state().nodes.B?.version).toBe('27.0.6-CLI');
  });

  it('a missing file is a usage error (exit 2) naming --image; nothing is sent', async () => {
    sim = await startPair();
    const r = await runCli(['upgrade', '--image', '/nonexistent/TrueNAS.update', '--yes'], { env: pairEnv(sim), timeout: 60_000 });
    expect(r.code, r.output).toBe(2);
    expect(r.stderr).toMatch(/^error: --image \/nonexistent\/TrueNAS\.update: no such file$/m);
    expect(sim.state().nodes.A.jobs.filter((j) => j.method === 'failover.upgrade')).toEqual([]);
  });

  it('an installer warning: the hint says --image FILE --resume, which continues with the kept image', async () => {
    sim = await startPair({ upgradeVersion: '27.0.9-DOWNLOAD' });
    const path = await imageFile('27.0.7-KEPT');
    sim.faults.installerWarning('Boot pool has less than 20% free space.');
    const stopped = await runCli(['upgrade', '--image', path, '--yes'], { env: pairEnv(sim), timeout: 120_000 });
    expect(stopped.code, stopped.output).toBe(1);
    expect(stopped.stderr).toMatch(/^error: The update installer warned: Boot pool has less than 20% free space\.$/m);
    expect(stopped.stderr).toContain(
      `hint: Nothing was installed. Read the warning; to accept it run \`truenas-failover upgrade --image ${path} --resume\``,
    );
    expect(sim.state().nodes.A.updateFile).toMatchObject({ version: '27.0.7-KEPT' });
    // The file is not read again: removing it does not matter.
    await rm(path);
    const resumed = await runCli(['upgrade', '--image', path, '--resume', '--yes', '--json'], { env: pairEnv(sim), timeout: 120_000 });
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.stderr).not.toContain('Uploading update file');
    expect(sim.state().nodes.A.version).toBe('27.0.7-KEPT');
    expect(sim.state().nodes.B?.version).toBe('27.0.7-KEPT');
  });
});
