/**
 * `npm run test:secret-scan [-- vitest arguments]`: runs the test suite (or the files given) once
 * with the client's debug logging on (`TRUENAS_FAILOVER_DEBUG=1`: every client without its own
 * logger writes every level to stderr), records every credential the simulators create
 * (test/secret-scan/record-credentials.ts), and scans the run's whole output (stdout, stderr and
 * the JSON report with every error and assertion message) for them. Fails on any hit, on a failed
 * test, or when the run produced no debug line or no credential (the scan would prove nothing).
 * CI runs the README's `npm test` this way (once, with debug logging on and its output scanned).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
const credentialsFile = join(dir, 'credentials.txt');
const reportFile = join(dir, 'report.json');
const chunks: Buffer[] = [];

const code = await new Promise<number>((resolve, reject) => {
  // The README's test command itself (`npm test`), with a JSON report beside the usual one.
  const child = spawn(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['test', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
    {
      env: { ...process.env, TRUENAS_FAILOVER_DEBUG: '1', SECRET_SCAN_CREDENTIALS: credentialsFile, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // All the output is kept for the scan; the terminal gets it without the tests' console blocks
  // (hundreds of thousands of debug lines), which vitest prints as `stdout | <test>` or
  // `stderr | <test>` followed by the lines up to an empty one.
  const show = (out: NodeJS.WriteStream) => {
    let inBlock = false;
    let rest = '';
    return (b: Buffer) => {
      chunks.push(b);
      const lines = (rest + b.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const plain = stripVTControlCharacters(line);
        if (/^(stdout|stderr) \| /.test(plain)) inBlock = true;
        else if (inBlock && plain.trim() === '') inBlock = false;
        else if (!inBlock) out.write(`${line}\n`);
      }
    };
  };
  child.stdout.on('data', show(process.stdout));
  child.stderr.on('data', show(process.stderr));
  child.on('error', reject);
  child.on('close', (status) => resolve(status ?? 1));
});

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
const output = stripVTControlCharacters(Buffer.concat(chunks).toString('utf8')) + read(reportFile);
const secrets = [
  ...new Set(
    read(credentialsFile)
      .split('\n')
      .filter((s) => s !== ''),
  ),
];
rmSync(dir, { recursive: true, force: true });

const debugLines = output.split('[truenas-failover] debug:').length - 1;
const hits = secrets.map((s) => ({ secret: s, count: output.split(s).length - 1 })).filter((h) => h.count > 0);
const total = hits.reduce((n, h) => n + h.count, 0);
const mask = (s: string) => `${s.slice(0, 3)}…(${s.length} chars)`;

console.log(
  `\nsecret scan: ${secrets.length} test credentials, ${(output.length / 1e6).toFixed(1)} MB of output, ${debugLines} debug lines: ${total} hit(s)`,
);
for (const h of hits) console.error(`  ${mask(h.secret)} appears ${h.count} time(s)`);
let failed = code !== 0;
if (code !== 0) console.error(`secret scan: the test run failed (exit ${code})`);
if (secrets.length === 0) {
  console.error('secret scan: no credential was recorded (is test/secret-scan/record-credentials.ts loaded?)');
  failed = true;
}
if (debugLines === 0) {
  console.error('secret scan: no debug line in the output (is TRUENAS_FAILOVER_DEBUG honoured?)');
  failed = true;
}
if (total > 0) failed = true;
process.exit(failed ? 1 : 0);
