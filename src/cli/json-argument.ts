/**
 * Arguments of `call`, midclt-style: JSON when they are JSON, else the text itself. An argument that
 * starts like JSON (`{`, `[` or `"`) but does not parse is a typo, not a string: it is refused with
 * the line and column where the parser gave up, instead of reaching the server as a string.
 */
import { UsageError } from './errors.js';

/** True when a JSON.parse failure on `prefix` is only that it ends too soon (more text could complete it). */
function isPrefixOfJson(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('end of JSON input')) return true;
    const at = /at position (\d+)/.exec(message);
    return at !== null && Number(at[1]) >= prefix.length;
  }
}

/**
 * Offset where JSON.parse gave up on `text`: from its message when it says (`at position 13`), else
 * (`Unexpected token ']', "[1,]" is not valid JSON`) the length of the longest prefix that could
 * still begin a JSON text, found by bisection with JSON.parse itself.
 */
export function jsonErrorOffset(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (isPrefixOfJson(text.slice(0, mid))) good = mid;
    else bad = mid;
  }
  return good;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The line holding the error, cut to a window around it, and a caret under the column. */
function excerpt(text: string, line: number, column: number): string {
  const source = text.split('\n')[line - 1] ?? '';
  const start = Math.max(0, column - 1 - 40);
  const shown = `${start > 0 ? '…' : ''}${source.slice(start, start + 70)}`;
  return `  ${shown}\n  ${' '.repeat(column - 1 - start + (start > 0 ? 1 : 0))}^`;
}

/** Parses one argument: JSON when it is JSON, the text itself when it does not look like JSON. */
export function parseJsonArgument(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/^\s*[[{"]/.test(text)) return text;
    throw jsonUsageError(text, label, (error as Error).message, LOOKS_LIKE_JSON);
  }
}

const LOOKS_LIKE_JSON =
  'An argument that starts with {, [ or " is read as JSON (to pass such text as a string, write it as a JSON string):';

/** Parses text that must be JSON (stdin); the error names the line and column. */
export function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonUsageError(text, label, (error as Error).message, 'Where the parser stopped:');
  }
}

function jsonUsageError(text: string, label: string, message: string, lead: string): UsageError {
  const { line, column } = lineAndColumn(text, jsonErrorOffset(text, message));
  return new UsageError(
    `${label} is not valid JSON at line ${line}, column ${column}: ${message}`,
    `${lead}\n${excerpt(text, line, column)}`,
  );
}
