/**
 * `clientFactory(api, drivers, features)`: a `createClient` for the API versions of `api`. It
 * picks the transport (`transport`, or the addresses' scheme) and builds the client core over its
 * driver. Nothing here imports an API version, a driver or a feature: the main entry hands it
 * every version, both drivers and every feature (`client.ha`, `client.upload`); an entry for one
 * version hands it that one, the drivers its servers speak (no REST from 26 on) and no feature,
 * which its user adds with `withHa` / `withUploads` (./features.ts), so that a bundle carries one
 * version and what the app uses.
 */
import { TrueNasClient } from '../client/client.js';
import type { ClientOptions, RestClientOptions } from '../client/options.js';
import { type Drivers, transportFor } from '../client/select-transport.js';
import type { PairAccess, SideClient } from '../ha/controllers.js';
import type { ApiRegistry } from '../types/api-registry.js';

/** Adds features to a client as it is made (the main entry: the HA helpers and uploads). */
export type AddFeatures = (client: TrueNasClient) => void;

/** How each client made here reaches each controller directly (for `withHa`). */
const pairs = new WeakMap<object, PairAccess>();

/** The `PairAccess` of a client made by a `createClient` of this package, if it is one. */
export function pairOf(client: object): PairAccess | undefined {
  return pairs.get(client);
}

/** A `createClient` for the API versions of `api`, over `drivers`, with `features` added to each client. */
export function clientFactory(
  api: ApiRegistry,
  drivers: Drivers,
  features?: AddFeatures,
): (options?: ClientOptions | RestClientOptions) => TrueNasClient {
  const transport = (options: ClientOptions) => transportFor(options, drivers, api.versions);
  return (options: ClientOptions | RestClientOptions = {}): TrueNasClient => {
    const client = new TrueNasClient(options, api, transport(options as ClientOptions));
    const pair: PairAccess = {
      options: options as ClientOptions,
      open: (o) => new TrueNasClient(o, api, transport(o as ClientOptions)) as unknown as SideClient,
      hasRest: (version) => api.describe(version)?.rest === true,
    };
    pairs.set(client, pair);
    features?.(client);
    return client;
  };
}
