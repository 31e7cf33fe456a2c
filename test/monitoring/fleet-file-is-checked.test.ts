import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FleetConfigError, loadFleet } from '../../src/monitoring/fleet.js';
import { tempDir } from './helpers.js';

const KEY = '7-abcdefABCDEF0123456789';

describe('the fleet file', () => {
  const dir = tempDir('fleet-');
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  writeFileSync(join(dir, 'monitor.key'), `${KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'lab.pw'), 'lab password\n', { mode: 0o600 });

  it('gives each pair its addresses and credentials, defaults filling in, paths relative to the file', async () => {
    const fleet = await loadFleet(
      file(
        'ok.yaml',
        `interval: 20
defaults:
  username: monitor
  apiKeyFile: monitor.key
pairs:
  - name: nas1
    vip: wss://nas1.example
    a: wss://nas1-a.example
    b: wss://nas1-b.example
  - name: lab
    url: https://lab.example
    username: root
    passwordFile: lab.pw
    timeout: 5
    interval: 60
`,
      ),
    );
    expect(fleet.warnings).toEqual([]);
    expect(fleet.pairs).toEqual([
      {
        name: 'nas1',
        connection: {
          env: false,
          auth: { username: 'monitor', apiKey: KEY },
          urls: { vip: 'wss://nas1.example', a: 'wss://nas1-a.example', b: 'wss://nas1-b.example' },
        },
        interval: 20_000,
        readTimeout: undefined,
      },
      {
        name: 'lab',
        connection: { env: false, auth: { username: 'root', password: 'lab password' }, url: 'https://lab.example' },
        interval: 60_000,
        readTimeout: 5_000,
      },
    ]);
  });

  it('refuses a key written in the file unless allowInlineSecrets, and never repeats it', async () => {
    const text = `pairs:\n  - name: nas1\n    url: wss://nas1.example\n    username: monitor\n    apiKey: ${KEY}\n`;
    const error = await loadFleet(file('inline.yaml', text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetConfigError);
    expect((error as Error).message).toMatch(/pairs\[0\] \(nas1\)\.apiKey: secrets are not written in the fleet file; use apiKeyFile/);
    expect((error as Error).message).not.toContain(KEY);
    const allowed = await loadFleet(file('inline-ok.yaml', `allowInlineSecrets: true\n${text}`));
    expect(allowed.pairs[0]!.connection.auth).toEqual({ username: 'monitor', apiKey: KEY });
  });

  it('names the field at fault', async () => {
    const cases: [string, RegExp][] = [
      ['pairs: []', /pairs: Too small/],
      ['pairs:\n  - name: a\n    url: wss://a\n    usernme: x', /pairs\[0\] \(a\): Unrecognized key: "usernme"/],
      [
        'pairs:\n  - name: a\n    url: wss://a\n    username: m\n    apiKeyFile: monitor.key\n  - name: a\n    url: wss://b\n    username: m\n    apiKeyFile: monitor.key',
        /pairs\[1\] \(a\): the name is used twice/,
      ],
      ['pairs:\n  - name: a\n    username: m\n    apiKeyFile: monitor.key', /pairs\[0\] \(a\): no address: give url, urls, or vip\/a\/b/],
      [
        'pairs:\n  - name: a\n    url: wss://a\n    vip: wss://b\n    username: m\n    apiKeyFile: monitor.key',
        /url and vip\/a\/b given: use one form/,
      ],
      ['pairs:\n  - name: a\n    url: wss://a\n    username: m', /pairs\[0\] \(a\): no credential: give apiKeyFile or passwordFile/],
      [
        'pairs:\n  - name: a\n    url: wss://a\n    username: m\n    apiKeyFile: nope.key',
        /pairs\[0\] \(a\)\.apiKeyFile .*nope\.key cannot be read \(ENOENT\)/,
      ],
      ['pairs:\n  - name: a\n    url: wss://a\n    apiKeyFile: monitor.key', /pairs\[0\] \(a\): username is missing/],
      [
        'pairs:\n  - name: a\n    url: wss://a\n    username: m\n    apiKeyFile: lab.pw',
        /pairs\[0\] \(a\)\.apiKeyFile: the apiKey must look like "<numeric id>-<alphanumeric key>"/,
      ],
      [
        'pairs:\n  - name: a\n    url: wss://a\n    apiVersion: v9\n    username: m\n    apiKeyFile: monitor.key',
        /apiVersion: not an API version/,
      ],
      ['interval: -1\npairs:\n  - name: a', /interval: Too small/],
      ['pairs: [unclosed', /is not valid YAML/],
    ];
    for (const [i, [text, expected]] of cases.entries()) {
      await expect(loadFleet(file(`bad-${i}.yaml`, text)), text).rejects.toThrow(expected);
    }
    await expect(loadFleet(join(dir, 'absent.yaml'))).rejects.toThrow(/fleet file .*absent\.yaml cannot be read \(ENOENT\)/);
  });

  it('warns when a key file can be read by other users', async () => {
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, KEY);
    chmodSync(loose, 0o644);
    const fleet = await loadFleet(
      file('loose.yaml', 'pairs:\n  - name: a\n    url: wss://a\n    username: m\n    apiKeyFile: loose.key\n'),
    );
    expect(fleet.warnings).toEqual([expect.stringMatching(/loose\.key can be read by other users \(mode 644\): chmod 600 it/)]);
  });
});
