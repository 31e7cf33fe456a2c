/**
 * Values a release sends, per the server release the API version belongs to: disabled-reason
 * codes grew per reboot reason in 25.10.2, GPU_ISOLATION arrived with 26.0. The server's models
 * type these results as plain strings (api/vXX_YY_Z/failover.py, failover_disabled_reasons.py,
 * system_reboot.py, core.py at each tag; 25.04's `@returns(Str())`), so the schema does too and
 * lists the known values as `examples` (as pydantic dumps `Job.state`).
 */

import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { loadSchemas, type SchemaFile, versionsOf } from '../../scripts/lib/schema-file.js';

const schemas = loadSchemas(resolve(import.meta.dirname, '../../schema'));
const def = (version: string, name: string) => {
  const file = schemas.find((s) => versionsOf(s.data).includes(version))!.data as SchemaFile;
  return file.$defs[name] as { type?: string; enum?: string[]; examples?: string[]; properties?: Record<string, { examples?: string[] }> };
};
const REBOOT_CODES = ['LOC_GPOSSTIG_REBOOT_REQ', 'REM_GPOSSTIG_REBOOT_REQ', 'LOC_UPGRADE_REBOOT_REQ', 'REM_UPGRADE_REBOOT_REQ'];

test('disabled reasons', () => {
  for (const v of ['v25.04.0', 'v25.10.0', 'v25.10.1']) {
    const codes = def(v, 'FailoverDisabledReason').examples!;
    expect(codes).toHaveLength(20);
    for (const c of REBOOT_CODES) expect(codes).not.toContain(c);
  }
  for (const v of ['v25.10.2', 'v25.10.5', 'v26.0.0', 'v27.0.0']) {
    const codes = def(v, 'FailoverDisabledReason').examples!;
    expect(codes).toHaveLength(24);
    for (const c of REBOOT_CODES) expect(codes).toContain(c);
  }
});

test('reboot reasons', () => {
  for (const v of ['v25.04.0', 'v25.10.0', 'v25.10.2'])
    expect(def(v, 'RebootRequiredReason').properties!.code!.examples).toEqual(['FIPS', 'GPOSSTIG', 'UPGRADE']);
  for (const v of ['v26.0.0', 'v27.0.0']) {
    expect(def(v, 'RebootRequiredReason').properties!.code!.examples).toEqual(['FIPS', 'GPOSSTIG', 'GPU_ISOLATION', 'UPGRADE']);
  }
});

test('status, node and job states are plain strings with the same known values everywhere', () => {
  for (const s of schemas) {
    const v = s.data.version;
    expect(def(v, 'FailoverStatus').examples).toEqual(['MASTER', 'BACKUP', 'SINGLE', 'ELECTING', 'IMPORTING', 'ERROR', 'UNKNOWN']);
    expect(def(v, 'FailoverNode').examples).toEqual(['A', 'B', 'MANUAL']);
    expect(def(v, 'JobState').examples).toEqual(['WAITING', 'RUNNING', 'SUCCESS', 'FAILED', 'ABORTED']);
    for (const name of ['FailoverStatus', 'FailoverNode', 'FailoverDisabledReason', 'JobState']) {
      expect(def(v, name).type, `${v} ${name}`).toBe('string');
      expect(def(v, name).enum, `${v} ${name}`).toBeUndefined();
    }
  }
});
