/**
 * `checkArguments`: argument checking with both of TrueNAS's validation layers, for what serves or
 * describes every version (the simulator, the `schema` entry). The client uses `checkArgumentsWith`
 * and the layers its entry carries, so that a bundle without 25.04 has no `@accepts` layer.
 */
import type { MethodDescription } from '../types/api-description.js';
import type { ArgumentsCheck } from '../types/arguments-check.js';
import { checkArgumentsWith } from './arguments.js';
import { cleanLegacyArguments } from './legacy.js';

/** Checks `params` against the method's argument list; on success returns them with defaults applied. */
export function checkArguments(method: MethodDescription, params: readonly unknown[]): ArgumentsCheck {
  return checkArgumentsWith(method, params, cleanLegacyArguments);
}
