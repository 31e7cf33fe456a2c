/** Options every command accepts: output and behaviour, and how to reach and log in to the pair. */
import type { OptionSpec } from './args.js';

export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show help for the command' },
  { name: 'verbose', short: 'v', type: 'boolean', description: 'details of errors (class, errno, server trace) and connection events' },
  { name: 'color', type: 'boolean', negatable: true, description: 'force colours on or off (default: on a terminal, unless NO_COLOR)' },
  { name: 'version', short: 'V', type: 'boolean', description: 'print the version of truenas-failover and the API versions it speaks' },
];

export const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'url',
    short: 'u',
    type: 'string',
    multiple: true,
    valueName: 'URL',
    description: 'address of the pair (repeatable, in order of preference); env TRUENAS_URL',
  },
  { name: 'vip', type: 'string', valueName: 'URL', description: 'the virtual IP (follows the active controller)' },
  { name: 'a', type: 'string', valueName: 'URL', description: "controller A's own address" },
  { name: 'b', type: 'string', valueName: 'URL', description: "controller B's own address" },
  {
    name: 'username',
    short: 'U',
    type: 'string',
    valueName: 'NAME',
    description: 'user the API key or password belongs to; env TRUENAS_USERNAME',
  },
  {
    name: 'api-key-file',
    type: 'string',
    valueName: 'FILE',
    description: 'file holding the API key (raw, {"raw_key":…} or precomputed SCRAM keys); env TRUENAS_API_KEY_FILE',
  },
  {
    name: 'api-key',
    type: 'string',
    valueName: 'KEY',
    description: 'the API key itself (visible to other local users: prefer --api-key-file or TRUENAS_API_KEY)',
  },
  { name: 'password-stdin', type: 'boolean', description: 'read the password from stdin; env TRUENAS_PASSWORD' },
  { name: 'ca', type: 'string', valueName: 'FILE', description: 'PEM file of the CA that signed the TrueNAS certificate' },
  { name: 'insecure', type: 'boolean', description: 'do NOT verify the TLS certificate (anyone on the path can impersonate the NAS)' },
  {
    name: 'timeout',
    type: 'string',
    valueName: 'SECONDS',
    description: 'per-call timeout, including waiting for a reconnection (default 60); `update` uses --call-timeout',
  },
  { name: 'call-timeout', type: 'string', valueName: 'SECONDS', description: 'same as --timeout (also for `update`)', hidden: true },
  {
    name: 'connect-timeout',
    type: 'string',
    valueName: 'SECONDS',
    description: 'how long to try reaching a controller at first (default 10)',
  },
  { name: 'api-version', type: 'string', valueName: 'VERSION', description: 'API version to speak, e.g. v25.10.0 (default: discovered)' },
];

/** Options of commands that change something. */
export const YES_OPTION: OptionSpec = {
  name: 'yes',
  short: 'y',
  type: 'boolean',
  description: 'do not ask for confirmation (needed when stdin is not a terminal)',
};

export const JSON_OPTION: OptionSpec = { name: 'json', type: 'boolean', description: 'machine-readable JSON on stdout' };

export const ABORT_OPTION: OptionSpec = {
  name: 'abort-on-interrupt',
  type: 'boolean',
  description: 'on Ctrl-C also abort the server job (default: stop waiting, the job keeps running)',
};
