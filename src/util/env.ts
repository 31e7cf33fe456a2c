/** Environment access that works where there is no `process` (browsers). */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/** True when running under Node.js (not a browser, not a browser-like test environment). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/**
 * Imports a Node-only module at run time. The specifier is held in a variable so that bundlers
 * building for browsers do not try to follow it; the main entry stays browser-safe.
 */
export async function importNodeModule<T>(specifier: string): Promise<T> {
  const name = specifier;
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as T;
}
