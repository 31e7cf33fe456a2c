/** Arguments, results and job flags of every failover method of the v25.04.0 family (v25.04.0–v25.04.2). */
import { describe, expectTypeOf, test } from 'vitest';
import type { ArgsOf, IsJob, ResultOf } from '../../src/types/method-map.js';
import type {
  DisabledReasonUpTo25_10_1,
  FailoverEntry,
  FailoverNode,
  FailoverRebootInfo,
  FailoverStatus,
  FailoverUpdate25_04,
  Open,
  RebootCode25,
  SyncToPeerOptions,
  UpgradeOptions25_04,
} from './expected.js';

type V = 'v25.04.0';

describe('v25.04.0 failover methods', () => {
  test('configuration', () => {
    expectTypeOf<ArgsOf<'failover.config', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.config', V>>().toEqualTypeOf<FailoverEntry>();
    // 25.04's older schema system: the argument may be left out (it defaults to {}) and `master` may be null.
    expectTypeOf<ArgsOf<'failover.update', V>>().toEqualTypeOf<[failover_update?: FailoverUpdate25_04]>();
    expectTypeOf<ResultOf<'failover.update', V>>().toEqualTypeOf<FailoverEntry>();
  });

  test('state of the pair', () => {
    expectTypeOf<ArgsOf<'failover.licensed', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.licensed', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ResultOf<'failover.node', V>>().toEqualTypeOf<FailoverNode>();
    expectTypeOf<ResultOf<'failover.status', V>>().toEqualTypeOf<FailoverStatus>();
    expectTypeOf<ResultOf<'failover.get_ips', V>>().toEqualTypeOf<string[]>();
    expectTypeOf<ResultOf<'failover.disabled.reasons', V>>().toEqualTypeOf<DisabledReasonUpTo25_10_1[]>();
    expectTypeOf<ResultOf<'failover.reboot.info', V>>().toEqualTypeOf<FailoverRebootInfo<RebootCode25>>();
    expectTypeOf<ResultOf<'failover.hardware', V>>().toEqualTypeOf<
      Open<'ECHOSTREAM' | 'ECHOWARP' | 'LAJOLLA2' | 'SUBLIGHT' | 'PUMA' | 'BHYVE' | 'IXKVM' | 'MANUAL'>
    >();
    expectTypeOf<ResultOf<'failover.in_progress', V>>().toEqualTypeOf<boolean>();
  });

  test('actions', () => {
    expectTypeOf<ArgsOf<'failover.become_passive', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.become_passive', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.sync_to_peer', V>>().toEqualTypeOf<[options?: SyncToPeerOptions]>();
    expectTypeOf<ResultOf<'failover.sync_to_peer', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.sync_from_peer', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.sync_from_peer', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.force_master', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.force_master', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ArgsOf<'failover.control', V>>().toEqualTypeOf<[action: 'ENABLE' | 'DISABLE', options?: { active?: boolean }]>();
    expectTypeOf<ResultOf<'failover.control', V>>().toEqualTypeOf<null | false>();
    type Key = { name: string; passphrase: string };
    expectTypeOf<ArgsOf<'failover.unlock', V>>().toEqualTypeOf<[options?: { pools?: Key[]; datasets?: Key[] }]>();
    expectTypeOf<ResultOf<'failover.unlock', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ArgsOf<'failover.call_remote', V>[0]>().toEqualTypeOf<string>();
    expectTypeOf<ResultOf<'failover.call_remote', V>>().toEqualTypeOf<unknown>();
  });

  test('jobs', () => {
    expectTypeOf<ArgsOf<'failover.upgrade', V>>().toEqualTypeOf<[failover_upgrade?: UpgradeOptions25_04]>();
    expectTypeOf<ResultOf<'failover.upgrade', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsJob<'failover.upgrade', V>>().toEqualTypeOf<true>();
    // 25.04 takes no options: it always reboots the peer the same way.
    expectTypeOf<ArgsOf<'failover.reboot.other_node', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.reboot.other_node', V>>().toEqualTypeOf<null>();
    expectTypeOf<IsJob<'failover.reboot.other_node', V>>().toEqualTypeOf<true>();
    expectTypeOf<IsJob<'failover.config', V>>().toEqualTypeOf<false>();
    expectTypeOf<IsJob<'failover.update', V>>().toEqualTypeOf<false>();
  });

  test('aliases share the family', () => {
    expectTypeOf<ArgsOf<'failover.update', 'v25.04.2'>>().toEqualTypeOf<ArgsOf<'failover.update', V>>();
    expectTypeOf<ResultOf<'failover.hardware', 'v25.04.1'>>().toEqualTypeOf<ResultOf<'failover.hardware', V>>();
  });
});
