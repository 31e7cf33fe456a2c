/**
 * Numbers as written on the wire: the middleware parses requests with Python's `json` (`5.0` is a
 * float) and its models are strict (api/base/model.py `BaseModel.model_config`: `strict=True`), so
 * `{"timeout": 5.0}` is refused where an integer is expected (25.04's `Int.clean` in
 * schema/integer_schema.py refuses a float too), while a float field still takes `2.0`.
 */
import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/generated/index.js';
import { requestText, session, simulator } from './helpers.js';

const VERSIONS: ApiVersion[] = ['v25.04.2', 'v25.10.2', 'v26.0.0', 'v27.0.0'];

const update = (id: string, timeout: string) =>
  `{"jsonrpc":"2.0","id":"${id}","method":"failover.update","params":[{"timeout": ${timeout}}]}`;

describe.each(VERSIONS)('integral floats on %s', (apiVersion) => {
  it('refuses {"timeout": 5.0} and 5e0 as non-integers, stores nothing, and accepts {"timeout": 5}', async () => {
    const sim = await simulator({ apiVersion });
    try {
      const c = await session(sim.vip.ws, sim);
      const attribute = apiVersion === 'v25.04.2' ? 'failover_update.timeout' : 'data.timeout';
      for (const [id, text] of [
        ['f1', '5.0'],
        ['f2', '5e0'],
        ['f3', '1.0E1'],
      ] as const) {
        const reply = await requestText(c, id, update(id, text));
        expect(reply.error).toMatchObject({ code: -32602, data: { errname: 'EINVAL' } });
        expect((reply.error?.data?.extra as [string, string, number][] | undefined)?.map(([a]) => a)).toEqual([attribute]);
      }
      expect(sim.state().nodes.A.config.timeout).toBe(0);
      expect((await requestText(c, 'i1', update('i1', '5'))).result).toMatchObject({ timeout: 5 });
      // A float that is not integral was never an integer either.
      expect((await requestText(c, 'f4', update('f4', '5.5'))).error?.code).toBe(-32602);
      c.close();
    } finally {
      await sim.stop();
    }
  });
});

describe('integral floats elsewhere', () => {
  it('an `id` written as a float is not an integer id (ws_handler/rpc.py `validate_message`)', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      c.send('{"jsonrpc":"2.0","id":7.0,"method":"core.ping","params":[]}');
      const reply = await requestText(c, 'after', '{"jsonrpc":"2.0","id":"after","method":"core.ping","params":[]}');
      expect(reply.result).toBe('pong');
      expect(c.replies.find((r) => r.id === 7)?.error).toEqual({
        code: -32600,
        message: "'id' member must be of type null, string or number",
      });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('REST bodies are read the same way: restful.py json-loads the body (25.10)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const response = await fetch(`${sim.vip.http}/api/v2.0/failover`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${sim.credentials.apiKey}`, 'content-type': 'application/json' },
        body: '{"timeout": 7.0}',
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ 'data.timeout': [{ message: 'Input should be a valid integer', errno: 22 }] });
      expect(sim.state().nodes.A.config.timeout).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('a float field takes an integral float: call_remote connect_timeout 2.0 (25.04 Float)', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    try {
      const c = await session(sim.vip.ws, sim);
      const reply = await requestText(
        c,
        'r1',
        '{"jsonrpc":"2.0","id":"r1","method":"failover.call_remote","params":["failover.status",[],{"connect_timeout":2.0}]}',
      );
      expect(reply.result).toBe('BACKUP');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
