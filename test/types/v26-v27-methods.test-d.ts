/** Arguments, results and job flags of every failover method of the v26.0.0 and v27.0.0 families. */
import { describe, expectTypeOf, test } from 'vitest';
import type { ArgsOf, IsJob, MethodName, ResultOf } from '../../src/types/method-map.js';
import type {
  DisabledReasonFrom25_10_2,
  FailoverEntry,
  FailoverNode,
  FailoverRebootInfo,
  FailoverStatus,
  FailoverUpdate,
  RebootCode26,
  RebootOtherNodeOptions,
  SyncToPeerOptions,
  UpgradeOptions,
} from './expected.js';

describe('v27.0.0 failover methods', () => {
  type V = 'v27.0.0';
  test('configuration', () => {
    expectTypeOf<ArgsOf<'failover.config', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.config', V>>().toEqualTypeOf<FailoverEntry>();
    expectTypeOf<ArgsOf<'failover.update', V>>().toEqualTypeOf<[data: FailoverUpdate]>();
    expectTypeOf<ResultOf<'failover.update', V>>().toEqualTypeOf<FailoverEntry>();
  });
  test('state of the pair', () => {
    expectTypeOf<ResultOf<'failover.licensed', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ResultOf<'failover.node', V>>().toEqualTypeOf<FailoverNode>();
    expectTypeOf<ResultOf<'failover.status', V>>().toEqualTypeOf<FailoverStatus>();
    expectTypeOf<ResultOf<'failover.get_ips', V>>().toEqualTypeOf<string[]>();
    expectTypeOf<ResultOf<'failover.disabled.reasons', V>>().toEqualTypeOf<DisabledReasonFrom25_10_2[]>();
    expectTypeOf<ResultOf<'failover.reboot.info', V>>().toEqualTypeOf<FailoverRebootInfo<RebootCode26>>();
  });
  test('actions and jobs', () => {
    expectTypeOf<ArgsOf<'failover.become_passive', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.become_passive', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.sync_to_peer', V>>().toEqualTypeOf<[options?: SyncToPeerOptions]>();
    expectTypeOf<ResultOf<'failover.sync_to_peer', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.sync_from_peer', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ResultOf<'failover.sync_from_peer', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.upgrade', V>>().toEqualTypeOf<[failover_upgrade?: UpgradeOptions]>();
    expectTypeOf<ResultOf<'failover.upgrade', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ArgsOf<'failover.reboot.other_node', V>>().toEqualTypeOf<[options?: RebootOtherNodeOptions]>();
    expectTypeOf<ResultOf<'failover.reboot.other_node', V>>().toEqualTypeOf<null>();
    expectTypeOf<IsJob<'failover.upgrade', V>>().toEqualTypeOf<true>();
    expectTypeOf<IsJob<'failover.reboot.other_node', V>>().toEqualTypeOf<true>();
    expectTypeOf<IsJob<'failover.become_passive', V>>().toEqualTypeOf<false>();
  });
  test('the newest version is the default', () => {
    expectTypeOf<ArgsOf<'failover.update'>>().toEqualTypeOf<ArgsOf<'failover.update', V>>();
    expectTypeOf<ResultOf<'failover.upgrade'>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsJob<'failover.upgrade'>>().toEqualTypeOf<true>();
  });
});

describe('v26.0.0 failover methods', () => {
  type V = 'v26.0.0';
  test('same shapes as v27.0.0, including the GPU isolation reboot reason', () => {
    expectTypeOf<ArgsOf<'failover.update', V>>().toEqualTypeOf<[data: FailoverUpdate]>();
    expectTypeOf<ResultOf<'failover.config', V>>().toEqualTypeOf<FailoverEntry>();
    expectTypeOf<ResultOf<'failover.status', V>>().toEqualTypeOf<FailoverStatus>();
    expectTypeOf<ResultOf<'failover.node', V>>().toEqualTypeOf<FailoverNode>();
    expectTypeOf<ResultOf<'failover.licensed', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ResultOf<'failover.get_ips', V>>().toEqualTypeOf<string[]>();
    expectTypeOf<ResultOf<'failover.disabled.reasons', V>>().toEqualTypeOf<DisabledReasonFrom25_10_2[]>();
    expectTypeOf<ResultOf<'failover.reboot.info', V>>().toEqualTypeOf<FailoverRebootInfo<RebootCode26>>();
    expectTypeOf<ResultOf<'failover.become_passive', V>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'failover.sync_to_peer', V>>().toEqualTypeOf<[options?: SyncToPeerOptions]>();
    expectTypeOf<ArgsOf<'failover.sync_from_peer', V>>().toEqualTypeOf<[]>();
    expectTypeOf<ArgsOf<'failover.upgrade', V>>().toEqualTypeOf<[failover_upgrade?: UpgradeOptions]>();
    expectTypeOf<ResultOf<'failover.upgrade', V>>().toEqualTypeOf<boolean>();
    expectTypeOf<ArgsOf<'failover.reboot.other_node', V>>().toEqualTypeOf<[options?: RebootOtherNodeOptions]>();
    expectTypeOf<IsJob<'failover.reboot.other_node', V>>().toEqualTypeOf<true>();
  });
  test('25.04-only methods are absent', () => {
    expectTypeOf<Extract<MethodName<V> | MethodName<'v27.0.0'>, 'failover.hardware' | 'failover.control'>>().toEqualTypeOf<never>();
  });
});
