/** Starts bench/sim-process.ts in a child process and talks to it (fault commands in, VIP moves out). */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SimInfo {
  vip: { ws: string; http: string };
  a: { ws: string; http: string };
  b: { ws: string; http: string };
  apiVersion: string;
  credentials: { username: string; password: string; apiKey: string };
}

export interface SimProcess {
  info: SimInfo;
  /** Runs `sim.faults[fault](...args)` in the simulator's process. */
  fault(fault: string, ...args: unknown[]): void;
  /** Resolves with the time (epoch ms) the VIP next moves to a controller, or rejects after `ms`. */
  nextVipHolder(ms: number): Promise<number>;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

export async function startSimProcess(options: Record<string, unknown>): Promise<SimProcess> {
  const tsx = resolve(here, '../../node_modules/.bin/tsx');
  const child: ChildProcess = spawn(tsx, [resolve(here, '../sim-process.ts'), JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const vipWaiters: ((at: number) => void)[] = [];
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );
  const info = await new Promise<SimInfo>((resolveInfo, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulator process did not start within 60 s')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveInfo(JSON.parse(line) as SimInfo);
    });
    void exit.then(() => reject(new Error(`the simulator process exited (${child.exitCode})`)));
  });
  lines.on('line', (line) => {
    const m = JSON.parse(line) as { vip?: string | null; at?: number };
    if (m.vip && m.at !== undefined) for (const w of vipWaiters.splice(0)) w(m.at);
  });
  return {
    info,
    fault: (fault, ...args) => child.stdin!.write(`${JSON.stringify({ fault, args })}\n`),
    nextVipHolder: (ms) =>
      new Promise<number>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`the VIP did not move within ${ms} ms`)), ms);
        vipWaiters.push((at) => {
          clearTimeout(timer);
          res(at);
        });
      }),
    stop: async () => {
      if (exited) return;
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
