/**
 * Text for a value a server sent, for messages. Never throws: a JSON object such as
 * `{"toString": 1}` makes `String(value)` and template literals throw a TypeError.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' && typeof value !== 'function') return String(value);
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
