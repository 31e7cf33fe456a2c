/**
 * Colours, on only where a person reads them: a terminal, no NO_COLOR, no FORCE_COLOR=0, no
 * TERM=dumb. FORCE_COLOR=1 (or --color) turns them on for pipes, as other tools do. The escape
 * codes come from node:util `styleText`; the decision is ours, per stream, because `--color` and
 * the stream the text goes to (stdout or stderr) decide, not only the process's stdout.
 */
import { stripVTControlCharacters, styleText } from 'node:util';

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

const STYLES = ['bold', 'dim', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan'] as const;

export type StyleName = (typeof STYLES)[number];

export type Styler = Record<StyleName, (text: string) => string>;

// `validateStream: false`: styleText must not second-guess the choice above from process.stdout and
// the environment (Node versions that predate the option ignore it and always style).
const NO_STREAM_CHECK = { validateStream: false };

export function styler(enabled: boolean): Styler {
  const out = {} as Styler;
  for (const name of STYLES) out[name] = enabled ? (text) => styleText(name, text, NO_STREAM_CHECK) : (text) => text;
  return out;
}

/** Text without escape sequences (for width computations and plain copies). */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

/** Printed width of a string (escape sequences excluded; every code point counts one column). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}
