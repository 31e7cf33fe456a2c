/** Arguments, results and job flags of every failover method of the v25.10.0 and v25.10.2 families. */
import { describe, expectTypeOf, test } from 'vitest';
import type { ArgsOf, IsJob, MethodName, ResultOf } from '../../src/types/method-map.js';
import type {
  DisabledReasonFrom25_10_2,
  DisabledReasonUpTo25_10_1,
  FailoverEntry,
  FailoverNode,
  FailoverRebootInfo,
  FailoverStatus,
  FailoverUpdate,
  RebootCode25,
  RebootOtherNodeOptions,
  SyncToPeerOptions,
  UpgradeOptions,
} from './expected.js';

describe('v25.10.0 and v25.10.2 failover methods (the families differ only in disabled-reason codes)', () => {
  type V = 'v25.10.0' | 'v25.10.2';

  test('configuration', () => {
    expectTypeOf<ArgsOf<'failover.config', 'v25.10.0'>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.config', 'v25.10.2'>>().toEqualTypeOf<FailoverEntry>();
    // The argument is required here (unlike 25.04), and `master` is a plain boolean.
    expectTypeOf<ArgsOf<'failover.update', 'v25.10.0'>>().toEqualTypeOf<[data: FailoverUpdate]>();
    expectTypeOf<ArgsOf<'failover.update', 'v25.10.2'>>().toEqualTypeOf<[data: FailoverUpdate]>();
    expectTypeOf<ResultOf<'failover.update', 'v25.10.0'>>().toEqualTypeOf<FailoverEntry>();
  });

  test('state of the pair', () => {
    expectTypeOf<ResultOf<'failover.licensed', 'v25.10.0'>>().toEqualTypeOf<boolean>();
    expectTypeOf<ResultOf<'failover.node', 'v25.10.2'>>().toEqualTypeOf<FailoverNode>();
    expectTypeOf<ResultOf<'failover.status', 'v25.10.0'>>().toEqualTypeOf<FailoverStatus>();
    expectTypeOf<ResultOf<'failover.get_ips', 'v25.10.2'>>().toEqualTypeOf<string[]>();
    expectTypeOf<ResultOf<'failover.reboot.info', 'v25.10.0'>>().toEqualTypeOf<FailoverRebootInfo<RebootCode25>>();
    expectTypeOf<ResultOf<'failover.reboot.info', 'v25.10.2'>>().toEqualTypeOf<FailoverRebootInfo<RebootCode25>>();
  });

  test('actions and jobs', () => {
    expectTypeOf<ResultOf<'failover.become_passive', 'v25.10.0'>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.sync_to_peer', 'v25.10.2'>>().toEqualTypeOf<[options?: SyncToPeerOptions]>();
    expectTypeOf<ArgsOf<'failover.sync_from_peer', 'v25.10.0'>>().toEqualTypeOf<[]>();
    expectTypeOf<ArgsOf<'failover.upgrade', 'v25.10.0'>>().toEqualTypeOf<[failover_upgrade?: UpgradeOptions]>();
    expectTypeOf<ResultOf<'failover.upgrade', 'v25.10.2'>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsJob<'failover.upgrade', 'v25.10.2'>>().toEqualTypeOf<true>();
    expectTypeOf<ArgsOf<'failover.reboot.other_node', 'v25.10.0'>>().toEqualTypeOf<[options?: RebootOtherNodeOptions]>();
    expectTypeOf<ResultOf<'failover.reboot.other_node', 'v25.10.2'>>().toEqualTypeOf<null>();
    expectTypeOf<IsJob<'failover.reboot.other_node', 'v25.10.0'>>().toEqualTypeOf<true>();
    expectTypeOf<IsJob<'failover.sync_to_peer', 'v25.10.0'>>().toEqualTypeOf<false>();
  });

  test('methods made private in 25.10 are not in the map', () => {
    type Removed = 'failover.hardware' | 'failover.in_progress' | 'failover.force_master' | 'failover.control' | 'failover.unlock';
    expectTypeOf<Extract<MethodName<V>, Removed | 'failover.call_remote'>>().toEqualTypeOf<never>();
  });
});

test('disabled reasons: 25.10.0–25.10.1 servers report only the FIPS reboot codes, 25.10.2+ one code per reason', () => {
  expectTypeOf<ResultOf<'failover.disabled.reasons', 'v25.10.0'>>().toEqualTypeOf<DisabledReasonUpTo25_10_1[]>();
  expectTypeOf<ResultOf<'failover.disabled.reasons', 'v25.10.1'>>().toEqualTypeOf<DisabledReasonUpTo25_10_1[]>();
  expectTypeOf<ResultOf<'failover.disabled.reasons', 'v25.10.2'>>().toEqualTypeOf<DisabledReasonFrom25_10_2[]>();
  expectTypeOf<ResultOf<'failover.disabled.reasons', 'v25.10.5'>>().toEqualTypeOf<DisabledReasonFrom25_10_2[]>();
});
