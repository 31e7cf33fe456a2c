/**
 * Progress of jobs and workflows on stderr. On a terminal: one line redrawn in place (a bar for a
 * known percentage, a moving marker while the server gives none, the elapsed time). Elsewhere
 * (pipes, logs, CI): plain lines, one per new step, so that a log reads like a story and never
 * fills with carriage returns.
 */
import type { Output } from './output.js';
import { stripAnsi } from './style.js';

export interface ProgressOptions {
  /** Draw a bar (stderr is a terminal). */
  tty: boolean;
  /** Redraw interval of the bar while nothing changes (the elapsed time moves), ms. */
  tickMs?: number;
}

/** The multi-line descriptions TrueNAS gives (`Active Controller: …\nStandby Controller: …`) on one line. */
export function oneLine(description: string | null | undefined): string {
  return (description ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' | ');
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class Progress {
  private percent: number | null = null;
  private description = '';
  private label = '';
  private started = Date.now();
  private drawn = false;
  private lastPlain = '';
  private lastPlainPercent = -1;
  private timer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;

  constructor(
    private readonly out: Output,
    private readonly options: ProgressOptions,
  ) {}

  /** Starts a new phase: a heading line, then the bar (or lines) for it. */
  phase(index: number, total: number, title: string): void {
    this.clear();
    this.out.info(this.out.styleErr.bold(`[${index}/${total}] ${title}`));
    this.label = '';
    this.percent = null;
    this.description = '';
    this.lastPlain = '';
    this.lastPlainPercent = -1;
    this.started = Date.now();
    this.draw();
  }

  /** A progress report: percent 0–100 or null (unknown), and what is happening. */
  update(percent: number | null, description: string | null | undefined, label?: string): void {
    if (label !== undefined) this.label = label;
    this.percent = percent === null || percent === undefined ? null : Math.max(0, Math.min(100, Math.round(percent)));
    this.description = oneLine(description);
    if (this.options.tty) {
      this.draw();
      return;
    }
    // Plain mode: a line when the step changes, or every ten percent within a step.
    const step = this.description;
    if (!step) return;
    const decile = this.percent === null ? -1 : Math.floor(this.percent / 10);
    if (step === this.lastPlain && decile <= this.lastPlainPercent) return;
    this.lastPlain = step;
    this.lastPlainPercent = decile;
    const pct = this.percent === null ? '' : `${String(this.percent).padStart(3)}%  `;
    this.out.info(`  ${pct}${this.label ? `${this.label}: ` : ''}${step}`);
  }

  /** A line printed above the bar (the bar is redrawn under it). */
  note(text: string): void {
    this.clear();
    this.out.info(text);
    this.draw();
  }

  /** Removes the bar; prints `text` if given. */
  done(text?: string): void {
    this.stopTimer();
    this.clear();
    if (text) this.out.info(text);
  }

  private draw(): void {
    if (!this.options.tty) return;
    const width = Math.max(40, Math.min(this.out.columns, 160)) - 1;
    const barWidth = 24;
    let bar: string;
    if (this.percent === null) {
      // No percentage from the server: a marker sweeping back and forth shows that we are alive.
      const span = barWidth - 3;
      const pos = Math.abs((((this.frame++ % (2 * span)) + 2 * span) % (2 * span)) - span);
      bar = `${' '.repeat(span - pos)}<=>${' '.repeat(pos)}`;
    } else {
      const filled = Math.round((this.percent / 100) * barWidth);
      bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
    }
    const pct = this.percent === null ? '  … ' : `${String(this.percent).padStart(3)}%`;
    const s = this.out.styleErr;
    const head = `  ${s.cyan(`[${bar}]`)} ${pct} ${s.dim(clock(Date.now() - this.started))} `;
    const room = width - stripAnsi(head).length;
    let text = `${this.label ? `${this.label}: ` : ''}${this.description}`;
    if ([...text].length > room) text = `${[...text].slice(0, Math.max(0, room - 1)).join('')}…`;
    this.out.writeErr(`\r\x1b[2K${head}${text}`);
    this.drawn = true;
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), this.options.tickMs ?? 200);
      this.timer.unref?.();
    }
  }

  private clear(): void {
    if (this.options.tty && this.drawn) this.out.writeErr('\r\x1b[2K');
    this.drawn = false;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
