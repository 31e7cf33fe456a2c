/**
 * A user's code against the main entry, as `scripts/check-consumers.ts` compiles it in temporary
 * projects that install the packed tarball (every module resolution, strict browser libs, oldest
 * and newest supported TypeScript). Browser-safe: no Node API, no top-level await (it is also
 * compiled as CommonJS).
 */
import {
  type ArgsOf,
  CallError,
  type Client,
  createClient,
  type FailoverConfig,
  type Job,
  LATEST_API_VERSION,
  type ResultOf,
  TimeoutError,
  TrueNasError,
} from 'truenas-failover';

export async function readPair(url: string): Promise<string> {
  const client: Client = createClient({ url, auth: { username: 'truenas_admin', apiKey: '1-abc' } });
  try {
    const status: string = await client.failover.status();
    const config: FailoverConfig = await client.failover.config();
    const update: ArgsOf<'failover.update'> = [{ timeout: 5 }];
    const job: Job<ResultOf<'failover.reboot.other_node'>> = client.failover.reboot.other_node({ reason: 'x', graceful: true });
    job.on('progress', (p) => p.percent);
    // @ts-expect-error the schema says timeout is an integer
    await client.failover.update({ timeout: '5' });
    return `${status} ${config.timeout} ${update.length} ${LATEST_API_VERSION}`;
  } catch (error) {
    if (error instanceof CallError) return `${error.method}: ${error.errno}`;
    if (error instanceof TimeoutError || error instanceof TrueNasError) return error.message;
    throw error;
  } finally {
    await client.close();
  }
}
