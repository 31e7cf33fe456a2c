/**
 * `truenas-failover` command line (the package's bin; tsup adds the shebang). Everything is in
 * src/cli/; this file only wires the process to it.
 */
import { runCli } from './cli/main.js';

// The command line may hold a key (--api-key): keep it out of `ps` and /proc/PID/cmdline.
process.title = 'truenas-failover';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.once('error', reject);
  });
}

// `watch` waits on events alone, with no call or job pending while a controller is away; the CLI must
// stay up until it is interrupted, so it holds the event loop itself.
const keepAlive = setInterval(() => {}, 60_000);
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin,
});
clearInterval(keepAlive);
// Exit once the output is flushed; lingering sockets of a closing client must not keep the CLI alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
