/**
 * scripts/import-dump.ts against dump fixtures built from the middleware's models
 * (test/fixtures/dumps/): importing a dump of our own surface changes nothing (a round trip, which
 * also proves our descriptions and refinements survive), and a dump that differs in one place
 * changes exactly that place.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { importDump } from '../../scripts/import-dump.js';
import type { JsonSchema, SchemaFile } from '../../scripts/lib/schema-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'test/fixtures/dumps');
const load = (name: string): JsonSchema => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));
const original = (file: string): SchemaFile => JSON.parse(readFileSync(join(root, 'schema', file), 'utf8'));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** A scratch copy of schema/. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tnf-import-'));
  dirs.push(dir);
  cpSync(join(root, 'schema'), dir, { recursive: true });
  return dir;
}
const read = (dir: string, file: string): SchemaFile => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const method = (s: SchemaFile, name: string) => s.methods.find((m) => m.name === name)!;
const dumpMethod = (dump: JsonSchema, name: string) =>
  ((dump.versions as JsonSchema[])[0]!.methods as JsonSchema[]).find((m) => m.name === name)!;

describe('round trip: a dump of what we already describe changes nothing', () => {
  test.each([
    ['v25.10.0-api-dump.json', 'v25.10.0.json', undefined],
    ['v27.0.0-api-dump-keep-refs.json', 'v27.0.0.json', undefined],
    ['v25.04-core-get-methods.json', 'v25.04.json', 'v25.04.0'],
  ] as const)('%s → schema/%s', (fixture, file, apiVersion) => {
    const dir = scratch();
    const { files } = importDump(load(fixture), { schemaDir: dir, apiVersion });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ file, changed: false, created: false });
    for (const f of readdirSync(dir)) {
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(root, 'schema', f), 'utf8'));
    }
  });
});

describe('a dump that differs changes exactly that', () => {
  test('a new optional property of a named type (default form)', () => {
    const dump = load('v25.10.0-api-dump.json');
    const arg = ((dumpMethod(dump, 'failover.sync_to_peer').schemas as JsonSchema).properties as JsonSchema)[
      'Call parameters'
    ] as JsonSchema;
    const options = (arg.prefixItems as JsonSchema[])[0]!;
    (options.properties as JsonSchema).delay = {
      type: 'integer',
      minimum: 0,
      default: 2,
      title: 'Delay',
      description: 'Seconds before the peer reboots.',
    };
    (options.default as JsonSchema).delay = 2;

    const dir = scratch();
    const { files } = importDump(dump, { schemaDir: dir });
    expect(files[0]!.changed).toBe(true);
    const expected = original('v25.10.0.json');
    (expected.$defs.FailoverSyncToPeerOptions!.properties as JsonSchema).delay = {
      type: 'integer',
      minimum: 0,
      default: 2,
      description: 'Seconds before the peer reboots.',
      'x-doc-source': 'upstream',
    };
    const param = method(expected, 'failover.sync_to_peer').schemas.properties['Call parameters'].prefixItems[0]!;
    param.default = { reboot: false, delay: 2 };
    expect(read(dir, 'v25.10.0.json')).toEqual(expected);
  });

  test('a changed default (keep-refs form)', () => {
    const dump = load('v27.0.0-api-dump-keep-refs.json');
    const accepts = (dumpMethod(dump, 'failover.reboot.other_node').schemas as JsonSchema).accepts as JsonSchema;
    const def = (accepts.$defs as JsonSchema).FailoverRebootOtherNodeOptions as JsonSchema;
    ((def.properties as JsonSchema).reason as JsonSchema).default = 'Maintenance';
    ((accepts.properties as JsonSchema).options as JsonSchema).default = { reason: 'Maintenance', graceful: false };

    const dir = scratch();
    importDump(dump, { schemaDir: dir });
    const expected = original('v27.0.0.json');
    ((expected.$defs.FailoverRebootOtherNodeOptions!.properties as JsonSchema).reason as JsonSchema).default = 'Maintenance';
    method(expected, 'failover.reboot.other_node').schemas.properties['Call parameters'].prefixItems[0]!.default = {
      reason: 'Maintenance',
      graceful: false,
    };
    expect(read(dir, 'v27.0.0.json')).toEqual(expected);
  });

  test('a changed range', () => {
    const dump = load('v27.0.0-api-dump-keep-refs.json');
    const accepts = (dumpMethod(dump, 'failover.update').schemas as JsonSchema).accepts as JsonSchema;
    (((accepts.$defs as JsonSchema).FailoverUpdate as JsonSchema).properties as JsonSchema).timeout = {
      type: 'integer',
      minimum: 0,
      maximum: 60,
      title: 'Timeout',
    };
    const dir = scratch();
    importDump(dump, { schemaDir: dir });
    const expected = original('v27.0.0.json');
    ((expected.$defs.FailoverUpdate!.properties as JsonSchema).timeout as JsonSchema).maximum = 60;
    expect(read(dir, 'v27.0.0.json')).toEqual(expected);
  });

  test('a removed method', () => {
    const dump = load('v25.10.0-api-dump.json');
    const version = (dump.versions as JsonSchema[])[0]!;
    version.methods = (version.methods as JsonSchema[]).filter((m) => m.name !== 'failover.sync_from_peer');
    const dir = scratch();
    const { files } = importDump(dump, { schemaDir: dir });
    expect(files[0]!.notes).toContain('failover.sync_from_peer: not in the dump; removed');
    const expected = original('v25.10.0.json');
    expected.methods = expected.methods.filter((m) => m.name !== 'failover.sync_from_peer');
    expect(read(dir, 'v25.10.0.json')).toEqual(expected);
  });

  test('a removed method takes its now unused named type with it', () => {
    const dump = load('v27.0.0-api-dump-keep-refs.json');
    const version = (dump.versions as JsonSchema[])[0]!;
    version.methods = (version.methods as JsonSchema[]).filter((m) => m.name !== 'failover.reboot.other_node');
    const dir = scratch();
    importDump(dump, { schemaDir: dir });
    const expected = original('v27.0.0.json');
    expected.methods = expected.methods.filter((m) => m.name !== 'failover.reboot.other_node');
    delete expected.$defs.FailoverRebootOtherNodeOptions;
    expect(read(dir, 'v27.0.0.json')).toEqual(expected);
  });

  test('a new method is added for review, never marked safe to replay', () => {
    const dump = load('v27.0.0-api-dump-keep-refs.json');
    const version = (dump.versions as JsonSchema[])[0]!;
    const copy = structuredClone(dumpMethod(dump, 'failover.licensed'));
    copy.name = 'failover.maintenance_window';
    copy.roles = ['FAILOVER_READ'];
    (version.methods as JsonSchema[]).push(copy);
    const dir = scratch();
    importDump(dump, { schemaDir: dir });
    const added = method(read(dir, 'v27.0.0.json'), 'failover.maintenance_window');
    expect(added).toMatchObject({
      name: 'failover.maintenance_window',
      roles: ['FAILOVER_READ'],
      job: false,
      idempotent: false,
      rest: null,
      'x-doc-source': 'upstream',
    });
    expect(added.schemas.properties['Return value']).toMatchObject({ type: 'boolean', 'x-doc-source': 'upstream' });
    const names = read(dir, 'v27.0.0.json').methods.map((m) => m.name);
    expect(names).toEqual([...names].sort());
  });

  test('a changed default from core.get_methods (25.04 older schema system)', () => {
    const dump = load('v25.04-core-get-methods.json');
    const options = ((dump['failover.sync_to_peer'] as JsonSchema).accepts as JsonSchema[])[0]!;
    ((options.properties as JsonSchema).reboot as JsonSchema).default = true;
    const dir = scratch();
    importDump(dump, { schemaDir: dir, apiVersion: 'v25.04.0' });
    const expected = original('v25.04.json');
    ((expected.$defs.FailoverSyncToPeerOptions!.properties as JsonSchema).reboot as JsonSchema).default = true;
    expect(read(dir, 'v25.04.json')).toEqual(expected);
  });

  test('a fixed set of values in the dump replaces our known values', () => {
    const dump = load('v25.10.0-api-dump.json');
    const ret = ((dumpMethod(dump, 'failover.node').schemas as JsonSchema).properties as JsonSchema)['Return value'] as JsonSchema;
    ret.enum = ['A', 'B', 'C', 'MANUAL'];
    const dir = scratch();
    importDump(dump, { schemaDir: dir });
    const expected = original('v25.10.0.json');
    const { examples: _known, ...node } = expected.$defs.FailoverNode!;
    expected.$defs.FailoverNode = { ...node, enum: ['A', 'B', 'C', 'MANUAL'] };
    expect(read(dir, 'v25.10.0.json')).toEqual(expected);
  });

  test('a plain string in the dump where we have an enum stays a string, our values its examples', () => {
    const dir = scratch();
    const ours = read(dir, 'v25.10.0.json');
    // `examples` renamed to `enum` in place (the importer keeps our key order).
    ours.$defs.FailoverStatus = Object.fromEntries(
      Object.entries(ours.$defs.FailoverStatus!).map(([k, v]) => [k === 'examples' ? 'enum' : k, v]),
    );
    writeFileSync(join(dir, 'v25.10.0.json'), `${JSON.stringify(ours, null, 2)}\n`);
    const { files } = importDump(load('v25.10.0-api-dump.json'), { schemaDir: dir });
    expect(files[0]!.notes.join('\n')).toMatch(/plain string on the server/);
    expect(readFileSync(join(dir, 'v25.10.0.json'), 'utf8')).toBe(readFileSync(join(root, 'schema/v25.10.0.json'), 'utf8'));
  });
});

describe('versions', () => {
  test('a version without a file starts from the closest older file', () => {
    const dump = load('v27.0.0-api-dump-keep-refs.json');
    (dump.versions as JsonSchema[])[0]!.version = 'v28.0.0';
    const dir = scratch();
    const { files } = importDump(dump, { schemaDir: dir });
    expect(files[0]).toMatchObject({ file: 'v28.0.0.json', created: true, changed: true });
    expect(read(dir, 'v28.0.0.json')).toEqual({ ...original('v27.0.0.json'), version: 'v28.0.0', aliases: [] });
  });
  test('an alias is skipped in favour of its primary version', () => {
    const dump = load('v25.10.0-api-dump.json');
    (dump.versions as JsonSchema[])[0]!.version = 'v25.10.1';
    const dir = scratch();
    const { files, skipped } = importDump(dump, { schemaDir: dir });
    expect(files).toEqual([]);
    expect(skipped[0]).toMatch(/^v25\.10\.1: alias of v25\.10\.0/);
  });
  test('core.get_methods output needs --api-version', () => {
    expect(() => importDump(load('v25.04-core-get-methods.json'), { schemaDir: scratch() })).toThrow(/--api-version/);
  });
  test('unrecognised input is refused', () => {
    expect(() => importDump({ hello: 'world' }, { schemaDir: scratch() })).toThrow(/unrecognised input/);
  });
});

describe('the command line', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/import-dump.ts'), ...args], { cwd: root, encoding: 'utf8' });

  test('--dry-run reports and writes nothing', () => {
    const dump = load('v25.10.0-api-dump.json');
    const version = (dump.versions as JsonSchema[])[0]!;
    version.methods = (version.methods as JsonSchema[]).filter((m) => m.name !== 'failover.get_ips');
    const dir = scratch();
    const input = join(dir, 'input.json.txt');
    execFileSync(process.execPath, [
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(input)}, ${JSON.stringify(JSON.stringify(dump))})`,
    ]);
    const run = cli([input, '--schema-dir', dir, '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('v25.10.0 → v25.10.0.json: would change');
    expect(run.stdout).toContain('failover.get_ips: not in the dump; removed');
    expect(readFileSync(join(dir, 'v25.10.0.json'), 'utf8')).toBe(readFileSync(join(root, 'schema/v25.10.0.json'), 'utf8'));
  }, 60_000);

  test('a missing file fails with a message, not a stack trace', () => {
    const run = cli([join(fixtures, 'no-such-dump.json'), '--schema-dir', scratch()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ENOENT|no such file/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(fixtures, 'no-such-dump.json'))).toBe(false);
  }, 60_000);
});
