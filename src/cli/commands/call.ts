/** `call METHOD [ARG...]`: any method, midclt-style, validated against the schema before sending. */
import type { Job } from '../../types/job.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { InterruptedError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { untilAborted } from '../interrupt.js';
import { parseJson, parseJsonArgument } from '../json-argument.js';
import { ABORT_OPTION } from '../options.js';
import { Progress } from '../progress.js';

/** Each argument is JSON if it parses as JSON, else the string itself (as midclt does); `-` reads one JSON value from stdin. */
async function parseParams(ctx: CommandContext, raw: readonly string[]): Promise<unknown[]> {
  const params: unknown[] = [];
  let stdinUsed = false;
  for (const [i, arg] of raw.entries()) {
    if (arg === '-') {
      if (stdinUsed) throw new UsageError('only one argument can be read from stdin (-)');
      if (ctx.args.values['password-stdin']) throw new UsageError('stdin is already used by --password-stdin');
      stdinUsed = true;
      params.push(parseJson(await ctx.readStdin(), `argument ${i + 1} (stdin)`));
      continue;
    }
    params.push(parseJsonArgument(arg, `argument ${i + 1}`));
  }
  return params;
}

function isJob(value: unknown): value is Job<unknown> {
  return typeof value === 'object' && value !== null && 'started' in value && typeof (value as { on?: unknown }).on === 'function';
}

function print(ctx: CommandContext, result: unknown): void {
  // midclt prints strings and numbers bare and everything else as JSON; --json always prints JSON.
  if (!ctx.args.values.json && (typeof result === 'string' || typeof result === 'number')) ctx.out.line(String(result));
  else ctx.out.json(result === undefined ? null : result);
}

export const callCommand: CommandSpec = {
  name: 'call',
  summary: 'call any method, midclt-style: arguments as JSON, checked against the schema before sending',
  usage: ['call [-j] [--json] METHOD [ARG...]'],
  description: [
    'Each ARG is parsed as JSON when it is valid JSON, else passed as a string; one that starts with {, [ or "',
    'must be valid JSON (a typo is reported with its line and column, not sent); `-` reads one JSON value from',
    'stdin. Arguments are checked against the schema of the API version in use and refused with the field path',
    '(e.g. data.timeout: Input should be a valid integer) before anything is sent. A job method prints its job id;',
    'with -j the CLI waits for the job with a progress bar and prints its result. Strings and numbers print bare,',
    'everything else as JSON (--json: always JSON). Works without credentials for methods that need no login.',
  ],
  options: [
    { name: 'job', short: 'j', type: 'boolean', description: 'wait for a job method to finish (progress on stderr), print its result' },
    { name: 'json', type: 'boolean', description: 'print the result as JSON, strings included' },
    ABORT_OPTION,
  ],
  connects: true,
  requireAuth: false,
  exitCodes: [
    [EXIT.USAGE, 'arguments rejected by the schema (nothing sent) or not valid'],
    [EXIT.FAILED, 'the server answered with an error, or the job failed'],
  ],
  examples: [
    'truenas-failover call failover.status',
    `truenas-failover call failover.update '{"timeout": 5}'`,
    `echo '{"reboot": false}' | truenas-failover call failover.sync_to_peer -`,
    `truenas-failover call -j failover.reboot.other_node '{"reason": "maintenance", "graceful": true}'`,
    `truenas-failover call core.get_jobs '[["method", "=", "failover.upgrade"]]' '{"order_by": ["-id"], "limit": 1}'`,
  ],
  async run(ctx) {
    const [method, ...rest] = ctx.args.positionals;
    if (!method)
      throw new UsageError('call needs a METHOD', 'e.g. truenas-failover call failover.status; `truenas-failover methods` lists them.');
    const params = await parseParams(ctx, rest);
    const client = await ctx.client();
    // With --abort-on-interrupt the start of a job must not be cancelled by Ctrl-C: the server may
    // already run it, and only its id lets us ask for the abort. Waiting still stops at once.
    const returned = client.call(method, params, ctx.abortOnInterrupt ? {} : { signal: ctx.signal });
    if (!isJob(returned)) {
      print(ctx, await untilAborted(returned, ctx.signal));
      return EXIT.OK;
    }
    const job = returned;
    if (!ctx.args.values.job) {
      print(ctx, await untilAborted(job.started, ctx.signal));
      return EXIT.OK;
    }
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    const off = job.on('progress', (p) => progress.update(p.percent, p.description, job.id !== undefined ? `job ${job.id}` : undefined));
    try {
      const result = await untilAborted(job, ctx.signal);
      progress.done();
      print(ctx, result);
      return EXIT.OK;
    } catch (error) {
      progress.done();
      if (ctx.signal.aborted) {
        if (ctx.abortOnInterrupt) {
          await job.abort().catch(() => {});
          throw new InterruptedError(
            job.id !== undefined ? `Interrupted; asked the server to abort job ${job.id}.` : `Interrupted before ${method} started a job.`,
          );
        }
        throw new InterruptedError(
          `Stopped waiting; job ${job.id ?? '?'} (${method}) keeps running on the server.`,
          `Follow it with: truenas-failover call core.get_jobs '[["id", "=", ${job.id ?? 'ID'}]]'`,
        );
      }
      throw error;
    } finally {
      off();
    }
  },
};
