import type { ApiDescription } from './api-description.js';

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
}
