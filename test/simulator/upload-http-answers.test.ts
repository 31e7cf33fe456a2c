/**
 * `POST /_upload` answers as TrueNAS's file application does: each malformed request, credential
 * problem and call error gets its status and body, checked in the server's order; a good request
 * gets `200 {"job_id": N}`. Everything over real HTTP to the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simulatedUpdateImage } from '../../src/simulator.js';
import { rootSession, simulator } from './helpers.js';
import { BOUNDARY, bearer, dataPart, filePart, sendMultipart } from './upload-helpers.js';

let sim: Simulator;
let url: string;
const image = simulatedUpdateImage('27.0.1');

beforeAll(async () => {
  sim = await simulator({ unixSockets: true });
  url = `${sim.vip.http}/_upload`;
});
afterAll(() => sim.stop());

const admin = () => bearer(sim.credentials.apiKey);

describe('POST /_upload: refusals before the call', () => {
  it('a body that is not multipart is a server error (500)', async () => {
    const r = await sendMultipart(url, { raw: '{"method":"failover.upgrade"}', contentType: 'application/json', headers: admin() });
    expect(r.status).toBe(500);
  });

  it('no part, or a first part other than `data`, is 405 with TrueNAS’s text', async () => {
    expect(await sendMultipart(url, { raw: `--${BOUNDARY}--\r\n`, headers: admin() })).toMatchObject({
      status: 405,
      text: 'No part found on payload',
    });
    expect(await sendMultipart(url, { parts: [filePart(image)], headers: admin() })).toMatchObject({
      status: 405,
      text: '"data" part must be the first on payload',
    });
  });

  it('`data` that is not JSON is 400; JSON without `method` is 422 with an empty body', async () => {
    const bad = await sendMultipart(url, { parts: [{ name: 'data', body: '{not json' }, filePart(image)], headers: admin() });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toBe('');
    expect(await sendMultipart(url, { parts: [{ name: 'data', body: '{"params":[]}' }, filePart(image)], headers: admin() })).toMatchObject(
      {
        status: 422,
        text: '',
      },
    );
  });

  it('credentials: none is 401, a bad key 401, a bad token 403, a bad password 401', async () => {
    const parts = [dataPart('failover.upgrade', [{}]), filePart(image)];
    expect(await sendMultipart(url, { parts })).toMatchObject({ status: 401, text: '401: Unauthorized' });
    expect(await sendMultipart(url, { parts, headers: bearer('1-notthekey') })).toMatchObject({ status: 401, text: 'Invalid API key' });
    expect(await sendMultipart(`${url}?auth_token=not-a-token`, { parts })).toMatchObject({ status: 403, text: 'Invalid token' });
    const wrong = `Basic ${Buffer.from(`${sim.credentials.username}:wrong`).toString('base64')}`;
    expect(await sendMultipart(url, { parts, headers: { authorization: wrong } })).toMatchObject({
      status: 401,
      text: 'Bad username or password',
    });
  });

  it('a missing `file` part is 405 (checked after the credentials)', async () => {
    expect(await sendMultipart(url, { parts: [dataPart('failover.upgrade', [{}])], headers: admin() })).toMatchObject({
      status: 405,
      text: '"file" not found as second part on payload',
    });
    // Without credentials the same request is refused for them first.
    expect((await sendMultipart(url, { parts: [dataPart('failover.upgrade', [{}])] })).status).toBe(401);
  });
});

describe('POST /_upload: the call', () => {
  it('an unknown method is 422 ENOMETHOD; a role that does not grant it 403', async () => {
    const unknown = await sendMultipart(url, { parts: [dataPart('failover.nonesuch'), filePart(image)], headers: admin() });
    expect(unknown).toMatchObject({ status: 422, text: "[ENOMETHOD] Method 'nonesuch' not found in 'failover'" });
    const viewer = bearer(sim.credentials.readonly.apiKey);
    const refused = await sendMultipart(url, { parts: [dataPart('failover.upgrade', [{}]), filePart(image)], headers: viewer });
    expect(refused).toMatchObject({ status: 403, text: '403: Forbidden' });
  });

  it('another call error is 412 with the `[ERRNAME] reason` text', async () => {
    sim.faults.failNextCall('failover.upgrade', { errno: 16, reason: 'Upgrade lock is busy' });
    const r = await sendMultipart(url, { parts: [dataPart('failover.upgrade', [{}]), filePart(image)], headers: admin() });
    expect(r).toMatchObject({ status: 412, text: '[EBUSY] Upgrade lock is busy' });
  });

  it('a method without an input pipe runs, and TrueNAS then finds no job id in its result (500)', async () => {
    const r = await sendMultipart(url, { parts: [dataPart('failover.status'), filePart(image)], headers: admin() });
    expect(r).toMatchObject({ status: 500, text: "'str' object has no attribute 'id'" });
  });

  it('accepts a single-use token (header or query) and Basic auth: 200 {"job_id": N} once the file is read', async () => {
    // Uploads go to the standby, which fails the job itself: the pair stays as it is for the other tests.
    const b = await rootSession(sim, 'B');
    try {
      const target = `${sim.b.http}/_upload`;
      const ids: number[] = [];
      for (const where of ['header', 'query'] as const) {
        const token = await b.call<string>('auth.generate_token', [300, {}, false, true]);
        const address = where === 'query' ? `${target}?auth_token=${token}` : target;
        const headers: Record<string, string> = where === 'header' ? { authorization: `Token ${token}` } : {};
        const r = await sendMultipart(address, { parts: [dataPart('failover.upgrade', [{}]), filePart(image, 200_000)], headers });
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.text).toMatch(/^\{"job_id": \d+\}$/);
        ids.push((JSON.parse(r.text) as { job_id: number }).job_id);
        // Single use: the same token is refused the second time.
        const again = await sendMultipart(address, { parts: [dataPart('failover.upgrade', [{}]), filePart(image)], headers });
        expect(again).toMatchObject({ status: 403, text: 'Invalid token' });
      }
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      const basic = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64')}`;
      const r = await sendMultipart(target, {
        parts: [dataPart('failover.upgrade', [{}]), filePart(image)],
        headers: { authorization: basic },
      });
      expect(r.status).toBe(200);
      const jobs = await b.call<{ id: number; state: string; error: string }[]>('core.get_jobs', [[['id', 'in', ids]]]);
      expect(jobs.map((j) => j.error)).toEqual([
        '[EFAULT] Upgrade can only run on Active Controller.',
        '[EFAULT] Upgrade can only run on Active Controller.',
      ]);
    } finally {
      b.close();
    }
  });
});

describe('POST /_upload: size bound', () => {
  it('a file over `uploadLimit` is 413, and the job fails on the incomplete image', async () => {
    const small = await simulator({ uploadLimit: 64 * 1024, unixSockets: true });
    try {
      const r = await sendMultipart(`${small.vip.http}/_upload`, {
        parts: [dataPart('failover.upgrade', [{}]), filePart(simulatedUpdateImage('27.0.1'), 1024 * 1024)],
        headers: bearer(small.credentials.apiKey),
      });
      expect(r).toMatchObject({ status: 413, text: 'Maximum upload size 65536 bytes exceeded' });
      const a = await rootSession(small, 'A');
      try {
        const deadline = Date.now() + 10_000;
        let job: { state: string; error: string | null } | undefined;
        while (Date.now() < deadline) {
          job = (await a.call<{ state: string; error: string | null }[]>('core.get_jobs', [[['method', '=', 'failover.upgrade']]]))[0];
          if (job && job.state !== 'RUNNING' && job.state !== 'WAITING') break;
          await new Promise((res) => setTimeout(res, 50));
        }
        expect(job).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/^\[EFAULT\] Invalid update image file\./) });
      } finally {
        a.close();
      }
      expect(small.state().nodes.B?.version).toBe(small.state().nodes.A.version);
    } finally {
      await small.stop();
    }
  });
});
