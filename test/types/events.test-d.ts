/** Event payloads (`fields`) and messages per version; events are a key space separate from methods. */
import { describe, expectTypeOf, test } from 'vitest';
import type { EventMessageOf, EventName, EventOf, MethodName } from '../../src/types/method-map.js';
import type {
  DisabledReasonFrom25_10_2,
  DisabledReasonUpTo25_10_1,
  FailoverRebootInfo,
  FailoverStatus,
  JobState,
  RebootCode25,
  RebootCode26,
  RebootInfo,
} from './expected.js';

describe('event payloads', () => {
  test('failover.status and failover.disabled.reasons', () => {
    expectTypeOf<EventOf<'failover.status'>>().toEqualTypeOf<{ status: FailoverStatus }>();
    expectTypeOf<EventOf<'failover.status', 'v25.04.0'>>().toEqualTypeOf<{ status: FailoverStatus }>();
    expectTypeOf<EventOf<'failover.disabled.reasons', 'v25.10.0'>>().toEqualTypeOf<{ disabled_reasons: DisabledReasonUpTo25_10_1[] }>();
    expectTypeOf<EventOf<'failover.disabled.reasons', 'v27.0.0'>>().toEqualTypeOf<{ disabled_reasons: DisabledReasonFrom25_10_2[] }>();
  });
  test('reboot info events', () => {
    expectTypeOf<EventOf<'failover.reboot.info', 'v25.10.2'>>().toEqualTypeOf<FailoverRebootInfo<RebootCode25>>();
    expectTypeOf<EventOf<'failover.reboot.info', 'v27.0.0'>>().toEqualTypeOf<FailoverRebootInfo<RebootCode26>>();
    expectTypeOf<EventOf<'system.reboot.info', 'v26.0.0'>>().toEqualTypeOf<RebootInfo<RebootCode26>>();
    expectTypeOf<EventMessageOf<'failover.reboot.info'>['id']>().toEqualTypeOf<null>();
    expectTypeOf<EventMessageOf<'failover.reboot.info'>['msg']>().toEqualTypeOf<'changed'>();
  });
  test('job events carry the job id and the full job', () => {
    type Message = EventMessageOf<'core.get_jobs'>;
    expectTypeOf<Message['msg']>().toEqualTypeOf<'added' | 'changed'>();
    expectTypeOf<Message['id']>().toEqualTypeOf<number>();
    expectTypeOf<EventOf<'core.get_jobs'>['state']>().toEqualTypeOf<JobState>();
    expectTypeOf<EventOf<'core.get_jobs'>['progress']['percent']>().toEqualTypeOf<number | null>();
    expectTypeOf<EventOf<'core.get_jobs'>['message_ids']>().toEqualTypeOf<unknown[]>();
    // 25.04 servers do not send message_ids.
    expectTypeOf<EventOf<'core.get_jobs', 'v25.04.0'>['message_ids']>().toEqualTypeOf<unknown[] | undefined>();
  });
  test('failover.setup carries no fields', () => {
    expectTypeOf<EventOf<'failover.setup'>>().toEqualTypeOf<Record<string, never>>();
  });
  test('event names and method names are separate key spaces', () => {
    expectTypeOf<'failover.status'>().toMatchTypeOf<EventName & MethodName>();
    expectTypeOf<'failover.setup'>().not.toMatchTypeOf<MethodName>();
    expectTypeOf<'failover.update'>().not.toMatchTypeOf<EventName>();
  });
});
