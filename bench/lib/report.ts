/** The benchmark table (what is printed) and the JSON results (bench/results/*.json). */

export interface Row {
  benchmark: string;
  contender: string;
  result: string;
  ratio: string;
  goal: string;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const kib = (bytes: number) => `${round(bytes / 1024)} KiB`;

export class Report {
  readonly rows: Row[] = [];
  readonly results: Record<string, unknown> = {};
  /** Goals not met, by name. */
  readonly missed: string[] = [];

  constructor(readonly quick: boolean) {}

  /** A table row; `benchmark` empty continues the previous benchmark. */
  row(benchmark: string, contender: string, result: string, ratio = '', goal = ''): void {
    this.rows.push({ benchmark, contender, result, ratio, goal });
  }

  /** A goal's cell (`≥ 0.95 ✓`), remembering a missed one. */
  goal(name: string, met: boolean, text: string): string {
    if (!met) this.missed.push(name);
    return `${text} ${met ? '✓' : '✗'}`;
  }

  print(): string {
    const head: Row = { benchmark: 'benchmark', contender: 'contender', result: 'result', ratio: 'ratio', goal: 'goal' };
    const keys = Object.keys(head) as (keyof Row)[];
    const widths = keys.map((k) => Math.max(...[head, ...this.rows].map((r) => r[k].length)));
    const line = (r: Row) =>
      keys
        .map((k, i) => r[k].padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...this.rows.map(line)].join('\n');
  }
}

export const log = (line: string) => process.stderr.write(`${line}\n`);
