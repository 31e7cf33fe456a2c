import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { baseEnv, pairEnv, type RunResult, runCli, runCliTty, secretsOf, startPair, until } from './helpers.js';

describe('no secret in any output: API key, key material, passwords', () => {
  let sim: Simulator;
  let keyFile: string;
  const outputs: { what: string; text: string }[] = [];
  const keep = (what: string, r: RunResult) => {
    outputs.push({ what, text: r.output + r.stderr });
    return r;
  };
  beforeAll(async () => {
    sim = await startPair();
    keyFile = join(await mkdtemp(join(tmpdir(), 'tf-cli-')), 'key');
    writeFileSync(keyFile, `${sim.credentials.apiKey}\n`, { mode: 0o600 });
  });
  afterAll(() => sim?.stop());

  const commands: string[][] = [
    ['status'],
    ['status', '--json', '--verbose'],
    ['config', '--json'],
    ['update', '--timeout', '5', '--verbose'],
    ['call', 'failover.config'],
    ['call', 'auth.me'],
    ['call', 'failover.update', '{"timeout":"x"}', '--verbose'],
    ['reboot', 'info'],
    ['watch', '--count', '3', '--verbose'],
    ['disable', '--yes'],
    ['enable', '--yes', '--verbose'],
    ['sync', '--to-peer'],
    ['failover', '--yes', '--no-wait-peer', '--verbose'],
  ];

  it('every command, with the key from the environment, without and with a terminal', async () => {
    for (const c of commands) {
      const r = keep(`env ${c.join(' ')}`, await runCli(c, { env: pairEnv(sim) }));
      expect([0, 2], `${c.join(' ')}: ${r.stderr}`).toContain(r.code);
      keep(`tty ${c.join(' ')}`, await runCliTty(c, { env: pairEnv(sim) }));
    }
  }, 180_000);

  it('with --api-key-file, --password-stdin, and --api-key (which warns that others can see it)', async () => {
    // The previous test ended with a failover: let the old active controller come back first.
    await until(() => {
      const s = sim.state();
      return s.vip.holder !== null && s.nodes[s.vip.holder]!.disabledReasons.length === 0;
    }, 'the pair to be healthy');
    const env = pairEnv(sim, { TRUENAS_API_KEY: undefined });
    const file = keep('file', await runCli(['status', '--api-key-file', keyFile, '--verbose'], { env }));
    expect(file.code, file.stderr).toBe(0);
    const password = keep(
      'password',
      await runCli(['status', '--password-stdin', '--verbose'], { env, input: `${sim.credentials.password}\n` }),
    );
    expect(password.code, password.stderr).toBe(0);
    const flag = keep('flag', await runCli(['status', '--api-key', sim.credentials.apiKey], { env }));
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stderr).toMatch(/warning: --api-key puts the key in the process list/);
    const wrong = `${sim.credentials.apiKey.slice(0, -4)}zzzz`;
    const refused = keep('wrong key', await runCli(['status', '--api-key', wrong, '--verbose'], { env }));
    expect(refused.code).toBe(3);
    expect(refused.output).not.toContain(wrong);
    expect(refused.output).not.toContain(wrong.split('-')[1]!);
  });

  it('a key given with --api-key is not left in the process title or /proc/PID/cmdline', async () => {
    let cmdline = '';
    const env = pairEnv(sim, { TRUENAS_API_KEY: undefined });
    const r = await runCli(['watch', '--api-key', sim.credentials.apiKey], {
      env,
      onSpawn: (child, output) => {
        void until(() => output().includes('reboot.info'), 'watch to run').then(() => {
          cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
          child.kill('SIGINT');
        });
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(cmdline.split('\0').filter(Boolean)).toEqual(['truenas-failover']);
    expect(cmdline).not.toContain(sim.credentials.apiKey.split('-')[1]!);
  });

  it('none of the outputs above holds a secret (and the check sees a planted one)', () => {
    const secrets = secretsOf(sim);
    expect(outputs.length).toBeGreaterThan(25);
    for (const { what, text } of outputs) {
      for (const s of secrets) expect(text.includes(s), `${what} printed a secret`).toBe(false);
    }
    expect(`x ${sim.credentials.apiKey} y`.includes(secrets[0]!)).toBe(true);
  });

  it('an empty --password-stdin and a missing user name are usage errors naming the source', async () => {
    const env = baseEnv({ TRUENAS_URL: sim.vip.ws });
    const empty = await runCli(['status', '--username', 'truenas_admin', '--password-stdin'], { env, input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--password-stdin: stdin was empty/);
    const noUser = await runCli(['status', '--api-key-file', keyFile], { env });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/--api-key-file needs a user name/);
    const missing = await runCli(['status', '--username', 'u', '--api-key-file', '/nonexistent/key'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--api-key-file \/nonexistent\/key cannot be read \(ENOENT\)/);
  });
});
