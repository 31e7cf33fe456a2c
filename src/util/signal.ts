/**
 * The one check of an `options.signal` the caller passed: absent, or something that behaves as an
 * AbortSignal. It goes by shape, not `instanceof`, so that a signal of another realm (a test DOM,
 * a polyfill) is taken; a string or a plain object is refused with a TypeError naming `where`
 * before anything starts, instead of failing later inside `addEventListener`.
 */
export function signalProblem(where: string, signal: unknown): TypeError | undefined {
  if (signal === undefined) return undefined;
  const s = signal as Partial<AbortSignal> | null;
  if (typeof s === 'object' && s !== null && typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function') return undefined;
  return new TypeError(`${where}: options.signal must be an AbortSignal`);
}

/** `signalProblem`, thrown: for the checks that throw their TypeErrors. */
export function checkSignal(where: string, signal: unknown): asserts signal is AbortSignal | undefined {
  const problem = signalProblem(where, signal);
  if (problem) throw problem;
}
