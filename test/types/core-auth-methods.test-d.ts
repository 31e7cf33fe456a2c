/** The core and auth methods the client itself relies on, per version. */
import { describe, expectTypeOf, test } from 'vitest';
import type { ArgsOf, IsJob, ResultOf } from '../../src/types/method-map.js';
import type { Open } from './expected.js';

describe('core methods', () => {
  test('ping, subscribe, unsubscribe', () => {
    expectTypeOf<ResultOf<'core.ping'>>().toEqualTypeOf<'pong'>();
    expectTypeOf<ArgsOf<'core.subscribe'>>().toEqualTypeOf<[event: string]>();
    expectTypeOf<ResultOf<'core.subscribe'>>().toEqualTypeOf<string>();
    expectTypeOf<ArgsOf<'core.unsubscribe'>>().toEqualTypeOf<[id_: string]>();
    expectTypeOf<ResultOf<'core.unsubscribe'>>().toEqualTypeOf<null>();
  });
  test('set_options answers null on 25.04 and the resulting options from 25.10 on', () => {
    expectTypeOf<ResultOf<'core.set_options', 'v25.04.0'>>().toEqualTypeOf<null>();
    expectTypeOf<ArgsOf<'core.set_options', 'v25.04.0'>>().toEqualTypeOf<[options: { py_exceptions?: boolean }]>();
    type Options = { legacy_jobs: boolean; private_methods: boolean; py_exceptions: boolean };
    expectTypeOf<ResultOf<'core.set_options', 'v25.10.0'>>().toEqualTypeOf<Options>();
    expectTypeOf<ResultOf<'core.set_options', 'v27.0.0'>>().toEqualTypeOf<Options>();
    expectTypeOf<ArgsOf<'core.set_options', 'v27.0.0'>>().toEqualTypeOf<[options: Partial<Options>]>();
  });
  test('jobs', () => {
    expectTypeOf<ArgsOf<'core.job_abort'>>().toEqualTypeOf<[id: number]>();
    expectTypeOf<ResultOf<'core.job_abort'>>().toEqualTypeOf<null>();
    expectTypeOf<IsJob<'core.job_wait'>>().toEqualTypeOf<true>();
    expectTypeOf<ResultOf<'core.job_wait'>>().toEqualTypeOf<unknown>();
    type Options = ArgsOf<'core.get_jobs'>[1];
    expectTypeOf<Options>().toMatchTypeOf<{ get?: boolean; count?: boolean; limit?: number } | undefined>();
    expectTypeOf<ArgsOf<'core.get_jobs'>[0]>().toMatchTypeOf<unknown[][] | undefined>();
    expectTypeOf<[['id', '=', 412]]>().toMatchTypeOf<NonNullable<ArgsOf<'core.get_jobs'>[0]>>();
    expectTypeOf<[['OR', [['state', '=', 'RUNNING']]]]>().toMatchTypeOf<NonNullable<ArgsOf<'core.get_jobs'>[0]>>();
    expectTypeOf<[['state', 'LIKE', 'x']]>().not.toMatchTypeOf<NonNullable<ArgsOf<'core.get_jobs'>[0]>>();
  });
});

describe('auth methods', () => {
  test('login_ex mechanisms per version', () => {
    type Plain = 'API_KEY_PLAIN' | 'PASSWORD_PLAIN' | 'TOKEN_PLAIN' | 'OTP_TOKEN';
    expectTypeOf<ArgsOf<'auth.login_ex', 'v25.04.0'>[0]['mechanism']>().toEqualTypeOf<Plain>();
    expectTypeOf<ArgsOf<'auth.login_ex', 'v25.10.2'>[0]['mechanism']>().toEqualTypeOf<Plain>();
    expectTypeOf<ArgsOf<'auth.login_ex', 'v26.0.0'>[0]['mechanism']>().toEqualTypeOf<Plain | 'SCRAM'>();
    expectTypeOf<ArgsOf<'auth.login_ex', 'v27.0.0'>[0]['mechanism']>().toEqualTypeOf<Plain | 'SCRAM'>();
  });
  test('login_ex answers per version', () => {
    type Answers25 = 'SUCCESS' | 'AUTH_ERR' | 'EXPIRED' | 'OTP_REQUIRED' | 'REDIRECT';
    expectTypeOf<ResultOf<'auth.login_ex', 'v25.10.0'>['response_type']>().toEqualTypeOf<Answers25>();
    expectTypeOf<ResultOf<'auth.login_ex', 'v26.0.0'>['response_type']>().toEqualTypeOf<Answers25 | 'SCRAM_RESPONSE' | 'DENIED'>();
    type Success25 = Extract<ResultOf<'auth.login_ex', 'v25.10.0'>, { response_type: 'SUCCESS' }>;
    type Success27 = Extract<ResultOf<'auth.login_ex', 'v27.0.0'>, { response_type: 'SUCCESS' }>;
    expectTypeOf<keyof Success25>().toEqualTypeOf<'response_type' | 'user_info' | 'authenticator'>();
    expectTypeOf<Success27['reconnect_token']>().toEqualTypeOf<string | null>();
    type Redirect = Extract<ResultOf<'auth.login_ex', 'v25.04.0'>, { response_type: 'REDIRECT' }>;
    expectTypeOf<Redirect>().toEqualTypeOf<{ response_type: 'REDIRECT'; urls: string[] }>();
  });
  test('other auth methods', () => {
    expectTypeOf<ResultOf<'auth.mechanism_choices', 'v25.10.2'>>().toEqualTypeOf<
      Open<'API_KEY_PLAIN' | 'PASSWORD_PLAIN' | 'TOKEN_PLAIN'>[]
    >();
    expectTypeOf<ResultOf<'auth.mechanism_choices'>>().toEqualTypeOf<
      Open<'API_KEY_PLAIN' | 'PASSWORD_PLAIN' | 'TOKEN_PLAIN' | 'SCRAM'>[]
    >();
    expectTypeOf<ArgsOf<'auth.generate_token'>>().toEqualTypeOf<
      [ttl?: number | null, attrs?: { [key: string]: unknown }, match_origin?: boolean, single_use?: boolean]
    >();
    expectTypeOf<ResultOf<'auth.generate_token'>>().toEqualTypeOf<string>();
    expectTypeOf<ResultOf<'auth.logout'>>().toEqualTypeOf<true>();
    expectTypeOf<ArgsOf<'auth.login_ex_continue'>[0]['mechanism']>().toEqualTypeOf<'OTP_TOKEN'>();
    expectTypeOf<ArgsOf<'auth.login', 'v26.0.0'>>().toEqualTypeOf<[username: string, password: string, otp_token?: string | null]>();
    expectTypeOf<ResultOf<'auth.login_with_token'>>().toEqualTypeOf<boolean>();
  });
});
