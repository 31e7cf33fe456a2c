import type { ApiDescription, MethodDescription } from './api-description.js';
import type { ArgumentsCheck } from './arguments-check.js';

/**
 * The API versions a client entry was built with, and their runtime descriptions. The main entry
 * hands the client every version (`src/generated/index.ts`); an entry for one version hands it just
 * that one, so that a bundle carries one version's validators.
 */
export interface ApiRegistry {
  /** Version strings known, oldest first (aliases included). */
  readonly versions: readonly string[];
  /** The description of `version`, or undefined when this entry does not know it. */
  describe(version: string): ApiDescription | undefined;
  /**
   * How the arguments of methods with `validation: 'legacy'` are cleaned, the way TrueNAS 25.04's
   * `@accepts` layer does (`cleanLegacyArguments` of src/validation/legacy.ts). Entries whose versions
   * have such methods (25.04) give it; the others leave it out, and so does their bundle.
   */
  readonly legacyArguments?: LegacyArgumentsCheck;
}

/** Cleans a call's arguments the 25.04 `@accepts` way: the cleaned arguments (no defaults yet) or the issues. */
export type LegacyArgumentsCheck = (method: MethodDescription, params: readonly unknown[]) => ArgumentsCheck;
