/**
 * `clientFactory(api, drivers)`: a `createClient` for the API versions of `api`. It picks the
 * transport (`transport`, or the addresses' scheme), builds the client core over its driver and
 * attaches the HA helpers. Nothing here imports an API version or a driver: the main entry hands it
 * every version and both drivers, an entry for one version hands it that one and the drivers its
 * servers speak (no REST from 26 on), so that a bundle carries one version and what it needs.
 */
import { TrueNasClient } from '../client/client.js';
import type { ClientOptions, RestClientOptions } from '../client/options.js';
import { type Drivers, transportFor } from '../client/select-transport.js';
import type { PairAccess, SideClient } from '../ha/controllers.js';
import { attachHa } from '../ha/index.js';
import type { ApiRegistry } from '../types/api-registry.js';

/** A `createClient` for the API versions of `api`, over `drivers`. */
export function clientFactory(api: ApiRegistry, drivers: Drivers): (options?: ClientOptions | RestClientOptions) => TrueNasClient {
  const transport = (options: ClientOptions) => transportFor(options, drivers, api.versions);
  return (options: ClientOptions | RestClientOptions = {}): TrueNasClient => {
    const client = new TrueNasClient(options, api, transport(options as ClientOptions));
    const pair: PairAccess = {
      options: options as ClientOptions,
      open: (o) => new TrueNasClient(o, api, transport(o as ClientOptions)) as unknown as SideClient,
      hasRest: (version) => api.describe(version)?.rest === true,
    };
    // `client.ha`: the HA status helpers and workflows, over either transport (built on first use).
    attachHa(client as unknown as SideClient, pair);
    return client;
  };
}
