/**
 * ANSI colours, on only where a person reads them: a terminal, no NO_COLOR, no FORCE_COLOR=0, no
 * TERM=dumb. FORCE_COLOR=1 (or --color) turns them on for pipes, as other tools do.
 */

export interface ColourChoice {
  /** --color / --no-color, when given. */
  flag: boolean | undefined;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export function useColour({ flag, isTTY, env }: ColourChoice): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

export type StyleName = keyof typeof CODES;

export type Styler = Record<StyleName, (text: string) => string>;

export function styler(enabled: boolean): Styler {
  const out = {} as Styler;
  for (const [name, [open, close]] of Object.entries(CODES) as [StyleName, readonly [number, number]][]) {
    out[name] = enabled ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
  }
  return out;
}

// Escape sequences (CSI and OSC) as written by this module and by the progress bar. Built from a
// string so that the regular expression literal holds no control characters.
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}\\][^${BEL}]*${BEL}`, 'g');

/** Text without escape sequences (for width computations and plain copies). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Printed width of a string (escape sequences excluded; every code point counts one column). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}
