/**
 * REST on TrueNAS 25.x also takes the image with the call: `POST /api/v2.0/failover/upgrade` as
 * multipart, a `data` part (the JSON body) and a `file` part. Answers the bare job id once the file
 * is read; malformed bodies get TrueNAS's 400 texts. Over real HTTP.
 */
import { describe, expect, it } from 'vitest';
import { simulatedUpdateImage } from '../../src/simulator.js';
import { bearer, type FormPart, filePart, sendMultipart } from '../simulator/upload-helpers.js';
import { adminKey, rest, restSimulator } from './helpers.js';

const TWO_PARTS = 'The method accepts multipart requests with two parts (`data` and `file`).';

describe('REST multipart: POST /api/v2.0/failover/upgrade', () => {
  it('runs the upgrade with the uploaded image and answers the bare job id', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.10.2' });
    const url = `${sim.vip.http}/api/v2.0/failover/upgrade`;
    const data: FormPart = { name: 'data', body: '{}' };
    const r = await sendMultipart(url, {
      parts: [data, filePart(simulatedUpdateImage('25.10.8-REST'), 100_000)],
      headers: bearer(sim.credentials.apiKey),
    });
    expect(r.status).toBe(200);
    const id = JSON.parse(r.text) as number;
    expect(Number.isInteger(id)).toBe(true);
    let job: { state: string; progress: { description: string } } | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const poll = await rest(sim.vip.http, `/core/get_jobs?id=${id}`, { headers: adminKey(sim) });
      job = (poll.json as (typeof job)[])[0];
      if (job && (job.state === 'SUCCESS' || job.state === 'FAILED')) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(job?.state).toBe('SUCCESS');
    expect(sim.state().nodes.B?.version).toBe('25.10.8-REST');
  });

  // restful.py `Resource.do` (TS-25.04.2): a job method answers its job id; its arguments are checked in the job.
  it('malformed bodies: TrueNAS’s 400 texts; bad arguments give a job id and a job that fails VALIDATION', async () => {
    const sim = await restSimulator({ apiVersion: 'v25.04.2' });
    const url = `${sim.a.http}/api/v2.0/failover/upgrade`;
    const headers = bearer(sim.credentials.apiKey);
    const image = filePart(simulatedUpdateImage('25.04.9'));
    const noData = await sendMultipart(url, { parts: [image], headers });
    expect(noData.status).toBe(400);
    expect(JSON.parse(noData.text)).toEqual({ message: TWO_PARTS, errno: 22 });
    const badJson = await sendMultipart(url, { parts: [{ name: 'data', body: '{oops' }, image], headers });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.text)).toMatchObject({ message: expect.stringMatching(/^`data` json parse error: /), errno: 22 });
    const noFile = await sendMultipart(url, { parts: [{ name: 'data', body: '{}' }], headers });
    expect(noFile.status).toBe(400);
    expect(JSON.parse(noFile.text)).toEqual({ message: `${TWO_PARTS} \`file\` not found.`, errno: 22 });
    const invalid = await sendMultipart(url, { parts: [{ name: 'data', body: '{"resume":"yes"}' }, image], headers });
    expect(invalid.status).toBe(200);
    const id = JSON.parse(invalid.text) as number;
    let job: { state: string; exc_info: { type: string; extra: [string, string, number][] } | null } | undefined;
    for (let i = 0; i < 200 && job?.state !== 'FAILED'; i++) {
      job = ((await rest(sim.a.http, `/core/get_jobs?id=${id}`, { headers })).json as (typeof job)[])[0];
      if (job?.state !== 'FAILED') await new Promise((res) => setTimeout(res, 25));
    }
    expect(job?.exc_info?.type).toBe('VALIDATION');
    expect(job?.exc_info?.extra.map(([attribute]) => attribute)).toEqual(['failover_upgrade.resume']);
    // Credentials come first, as for every REST call.
    expect((await sendMultipart(url, { parts: [{ name: 'data', body: '{}' }, image] })).status).toBe(401);
  });

  it('TrueNAS 26 has no REST: the same request is 404', async () => {
    const sim = await restSimulator({ apiVersion: 'v26.0.0' });
    const r = await sendMultipart(`${sim.vip.http}/api/v2.0/failover/upgrade`, {
      parts: [{ name: 'data', body: '{}' }, filePart(simulatedUpdateImage('26.0.1'))],
      headers: bearer(sim.credentials.apiKey),
    });
    expect(r.status).toBe(404);
  });
});
