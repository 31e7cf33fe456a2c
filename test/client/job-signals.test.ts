import { describe, expect, it } from 'vitest';
import { AbortedError, type JobInfo } from '../../src/index.js';
import { clientOver, failure, simulatorForBoth, TRANSPORTS, type TransportClient, until } from './helpers.js';

// A job's AbortSignal stops the waiting at once (AbortedError), whatever the job is doing; with
// abortJobOnSignal the job is also aborted on the server, even when its id was not known yet.

/** The job's state on the server, read by id. */
async function serverState(client: TransportClient, id: number): Promise<string | undefined> {
  const jobs = (await client.call('core.get_jobs', [[['id', '=', id]]])) as JobInfo[];
  return jobs[0]?.state;
}

/** How many jobs of `method` the server has. */
async function jobsOf(client: TransportClient, method: string): Promise<number> {
  const jobs = (await client.call('core.get_jobs', [[['method', '=', method]]])) as JobInfo[];
  return jobs.length;
}

/** Aborts `controller` and measures how long until `job` rejected. */
async function abortAndTime(controller: AbortController, job: PromiseLike<unknown>): Promise<{ error: unknown; ms: number }> {
  const outcome = failure(job);
  const started = performance.now();
  controller.abort(new Error('operator stopped it'));
  const error = await outcome;
  return { error, ms: performance.now() - started };
}

describe.each(TRANSPORTS)('signals on jobs over %s', (transport) => {
  it('aborting stops the waiting within 100 ms; without abortJobOnSignal the job runs on', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const controller = new AbortController();
    const job = client.failover.reboot.other_node({ reason: 'maintenance', graceful: true }, { signal: controller.signal });
    await until(() => job.state === 'RUNNING', 'the job to run');
    const { error, ms } = await abortAndTime(controller, job);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).sent).toBe(true);
    expect((error as AbortedError).reason).toEqual(new Error('operator stopped it'));
    expect(ms).toBeLessThan(100);
    // The job was not touched: it completes on the server.
    const id = job.id!;
    await until(async () => (await serverState(client, id)) === 'SUCCESS', 'the job to succeed on the server');
    expect(client.stats().jobs.tracked).toBe(0);
  });

  it('with abortJobOnSignal the job is aborted on the server too', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    // Both share the reboot_standby lock: the second waits, and a waiting job can be aborted.
    const running = client.failover.reboot.other_node({ reason: 'first', graceful: true });
    const controller = new AbortController();
    const queued = client.failover.reboot.other_node(
      { reason: 'second', graceful: true },
      { signal: controller.signal, abortJobOnSignal: true },
    );
    await until(() => queued.state === 'WAITING' && running.state === 'RUNNING', 'the second job to wait for the lock');
    const { error, ms } = await abortAndTime(controller, queued);
    expect(error).toBeInstanceOf(AbortedError);
    expect(ms).toBeLessThan(100);
    const id = queued.id!;
    await until(async () => (await serverState(client, id)) === 'ABORTED', 'the job to be aborted on the server');
    expect(await running).toBeNull();
  });

  it('a signal while the start call is on its way: the waiting stops at once, the job is aborted once its id arrives', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, { keepAlive: false });
    const running = client.failover.reboot.other_node({ reason: 'first', graceful: true });
    await until(() => running.state === 'RUNNING', 'the first job to run');
    // Nothing else on the wire (the first job's own bookkeeping is done): the one call in flight
    // below is then the second start call.
    await until(() => client.stats().calls.pending === 0 && (client.stats().connection?.inFlight ?? 0) === 0, 'the client to be idle');
    // The controller holds every request from now on: the start call goes out, no id comes back.
    sim.faults.hangController('A');
    const controller = new AbortController();
    const queued = client.failover.reboot.other_node(
      { reason: 'second', graceful: true },
      { signal: controller.signal, abortJobOnSignal: true },
    );
    await until(() => client.stats().calls.pending > 0 && client.stats().connection?.inFlight === 1, 'the start call to be on the wire');
    const { error, ms } = await abortAndTime(controller, queued);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).sent).toBe(true);
    expect(ms).toBeLessThan(100);
    expect(queued.id).toBeUndefined();
    sim.faults.unhangController('A');
    const id = await queued.started;
    await until(async () => (await serverState(client, id)) === 'ABORTED', 'the job to be aborted once its id arrived');
    expect(await running).toBeNull();
  });

  it('a signal before the start call was sent: nothing is sent, no job is started', async () => {
    const sim = await simulatorForBoth();
    // Nobody holds the VIP: connections are reset, and the client waits for it.
    sim.faults.partitionVip();
    const client = clientOver(transport, sim);
    const controller = new AbortController();
    const job = client.failover.reboot.other_node(
      { reason: 'never', graceful: true },
      { signal: controller.signal, abortJobOnSignal: true },
    );
    await until(() => client.state === 'connecting' && client.stats().jobs.starting === 1, 'the start to wait for a connection');
    // `started` settles at once too: the start does not go on waiting for the connection.
    const [{ error, ms }, started] = await Promise.all([abortAndTime(controller, job), abortAndTime(new AbortController(), job.started)]);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).sent).toBe(false);
    expect(ms).toBeLessThan(100);
    expect(started.error).toBe(error);
    expect(started.ms).toBeLessThan(100);
    // Nothing is left to send once the VIP is back (a fresh client reads the server: over REST the
    // first client's attempt may hang on the reset until connectTimeout, Node's fetch does so).
    expect(client.stats().calls.pending).toBe(0);
    expect(client.stats().jobs.starting).toBe(0);
    sim.faults.healVip();
    expect(await jobsOf(clientOver(transport, sim), 'failover.reboot.other_node')).toBe(0);
  });

  it('an already aborted signal fails the job at once without connecting', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const job = client.failover.reboot.other_node(
      { reason: 'never', graceful: true },
      { signal: AbortSignal.abort('no'), abortJobOnSignal: true },
    );
    const error = (await failure(job)) as AbortedError;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.sent).toBe(false);
    await expect(job.started).rejects.toBeInstanceOf(AbortedError);
    expect(client.state).toBe('idle');
  });
});
