/**
 * Everything the CLI writes goes through here: results on stdout, messages and progress on stderr,
 * colours only where a person reads them, and every line scrubbed of the credentials in use (the
 * one exception, `simulate`, prints its own throwaway credentials on purpose with `raw`).
 */
import { redact } from '../util/redact.js';
import { type Styler, styler, visibleWidth } from './style.js';

/** A writable stream as far as the CLI needs one (process.stdout/stderr, or a test double). */
export interface TextStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface OutputOptions {
  stdout: TextStream;
  stderr: TextStream;
  colour: boolean;
  /** Colour on stderr (progress, warnings), decided for that stream. */
  colourErr: boolean;
  verbose: boolean;
}

export class Output {
  readonly style: Styler;
  readonly styleErr: Styler;
  readonly verbose: boolean;
  private readonly secrets = new Set<string>();

  constructor(private readonly options: OutputOptions) {
    this.style = styler(options.colour);
    this.styleErr = styler(options.colourErr);
    this.verbose = options.verbose;
  }

  /** True when stdout is a terminal. */
  get isTTY(): boolean {
    return this.options.stdout.isTTY === true;
  }

  /** True when stderr is a terminal (progress bars go there). */
  get errIsTTY(): boolean {
    return this.options.stderr.isTTY === true;
  }

  /** Terminal width for tables and progress bars. */
  get columns(): number {
    // A pseudo-terminal without a size reports 0 columns.
    return this.options.stderr.columns || this.options.stdout.columns || 100;
  }

  /** Registers a secret that must never be printed. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  scrub(text: string): string {
    return redact(text, this.secrets);
  }

  /** A line of result on stdout. */
  line(text = ''): void {
    this.options.stdout.write(`${this.scrub(text)}\n`);
  }

  /** A JSON document on stdout (pretty, two spaces: greppable and diffable). */
  json(value: unknown): void {
    this.line(JSON.stringify(value, null, 2));
  }

  /** One compact JSON line on stdout (NDJSON). */
  jsonLine(value: unknown): void {
    this.line(JSON.stringify(value));
  }

  /** A message for the operator on stderr. */
  info(text: string): void {
    this.options.stderr.write(`${this.scrub(text)}\n`);
  }

  warn(text: string): void {
    this.options.stderr.write(`${this.scrub(`${this.styleErr.yellow('warning:')} ${text}`)}\n`);
  }

  /** Only with --verbose. */
  debug(text: string): void {
    if (this.verbose) this.options.stderr.write(`${this.scrub(this.styleErr.dim(text))}\n`);
  }

  /** Raw stderr writes for the progress bar (no newline added). */
  writeErr(text: string): void {
    this.options.stderr.write(this.scrub(text));
  }

  /** Unscrubbed stdout: only for values the user asked to see that are not the credentials in use. */
  raw(text: string): void {
    this.options.stdout.write(text);
  }

  /** A two-column list of `label  value` rows. */
  pairs(rows: readonly (readonly [string, string])[], indent = ''): void {
    const width = Math.max(0, ...rows.map(([k]) => visibleWidth(k)));
    for (const [k, v] of rows) this.line(`${indent}${k}${' '.repeat(width - visibleWidth(k))}  ${v}`);
  }

  /** A table with a header row; cells may carry colours. */
  table(header: readonly string[], rows: readonly (readonly string[])[], indent = ''): void {
    const widths = header.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
    const render = (cells: readonly string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : `${c}${' '.repeat(widths[i]! - visibleWidth(c))}`))
        .join('  ')
        .trimEnd();
    this.line(indent + render(header.map((h) => this.style.bold(h))));
    for (const r of rows) this.line(indent + render(r));
  }
}
