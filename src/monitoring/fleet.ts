/**
 * The fleet file of `exporter --config` and `check --config --pair`: YAML (read with the `yaml`
 * package, checked with zod) listing pairs by name with their addresses and credentials. Secrets
 * come from files; a key or password written in the fleet file itself is refused unless the file
 * says `allowInlineSecrets: true`. Relative paths are relative to the fleet file. Node only.
 *
 * ```yaml
 * interval: 15                 # seconds between reads (events answer sooner over WebSocket)
 * defaults:                    # taken by every pair that does not set its own
 *   username: monitor
 *   apiKeyFile: monitor.key
 * pairs:
 *   - name: nas1
 *     vip: wss://nas1.example
 *   - name: lab
 *     url: https://lab.example # REST (TrueNAS 25.04–25.10)
 *     passwordFile: lab.pw
 * ```
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type AuthOptions, normaliseAuth, parseApiKeyFile } from '../auth/credentials.js';
import type { ClientOptions } from '../client/options.js';
import { isApiVersion } from '../generated/index.js';

/** A fleet file that cannot be used; names the file and the field. */
export class FleetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetConfigError';
  }
}

const seconds = z.number().positive().max(86_400);
const connectionFields = {
  url: z.string().min(1).optional(),
  urls: z.array(z.string().min(1)).min(1).optional(),
  vip: z.string().min(1).optional(),
  a: z.string().min(1).optional(),
  b: z.string().min(1).optional(),
  transport: z.enum(['websocket', 'rest']).optional(),
  apiVersion: z.string().refine(isApiVersion, 'not an API version this package knows').optional(),
  username: z.string().min(1).optional(),
  apiKeyFile: z.string().min(1).optional(),
  passwordFile: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  ca: z.string().min(1).optional(),
  insecure: z.boolean().optional(),
  allowInsecure: z.boolean().optional(),
  timeout: seconds.optional(),
  interval: seconds.optional(),
};
const pairSchema = z.strictObject({ name: z.string().trim().min(1).max(200), ...connectionFields });
const fileSchema = z.strictObject({
  interval: seconds.optional(),
  allowInlineSecrets: z.boolean().optional(),
  defaults: z.strictObject(connectionFields).optional(),
  pairs: z.array(pairSchema).min(1),
});
type PairEntry = z.infer<typeof pairSchema>;

/** One pair of the fleet, ready for `watchPair({ name, connection, interval, readTimeout })`. */
export interface FleetPair {
  name: string;
  connection: ClientOptions;
  /** ms */
  interval: number | undefined;
  /** ms */
  readTimeout: number | undefined;
}

export interface Fleet {
  file: string;
  pairs: FleetPair[];
  /** Things worth telling the operator (a key file other users can read). Never a secret. */
  warnings: string[];
}

function fieldPath(path: readonly PropertyKey[], raw: unknown): string {
  let text = '';
  let node = raw as Record<PropertyKey, unknown> | undefined;
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
    node = node && typeof node === 'object' ? (node[key] as Record<PropertyKey, unknown>) : undefined;
    if (typeof key === 'number' && node && typeof node.name === 'string') text += ` (${node.name})`;
  }
  return text || '(top level)';
}

async function readSecret(file: string, base: string, what: string, warnings: string[]): Promise<string> {
  const path = resolve(base, file);
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    if ((info.mode & 0o077) !== 0)
      warnings.push(`${what} ${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`);
    return text;
  } catch (error) {
    throw new FleetConfigError(`${what} ${path} cannot be read (${(error as { code?: string }).code ?? 'error'})`);
  }
}

async function authOf(entry: PairEntry, where: string, base: string, inline: boolean, warnings: string[]): Promise<AuthOptions> {
  const given = (['apiKeyFile', 'passwordFile', 'apiKey', 'password'] as const).filter((k) => entry[k] !== undefined);
  if (given.length !== 1) {
    throw new FleetConfigError(
      given.length
        ? `${where}: ${given.join(' and ')} given: give one credential`
        : `${where}: no credential: give apiKeyFile or passwordFile (here or under defaults)`,
    );
  }
  const kind = given[0]!;
  if ((kind === 'apiKey' || kind === 'password') && !inline) {
    throw new FleetConfigError(
      `${where}.${kind}: secrets are not written in the fleet file; use ${kind}File, or set allowInlineSecrets: true to allow it`,
    );
  }
  if (!entry.username) throw new FleetConfigError(`${where}: username is missing (TrueNAS binds keys and passwords to a user)`);
  let auth: AuthOptions;
  if (kind === 'passwordFile') {
    const text = (await readSecret(entry.passwordFile!, base, `${where}.passwordFile`, warnings)).replace(/\r?\n$/, '');
    if (!text) throw new FleetConfigError(`${where}.passwordFile is empty`);
    auth = { username: entry.username, password: text };
  } else if (kind === 'password') auth = { username: entry.username, password: entry.password! };
  else {
    let key: ReturnType<typeof parseApiKeyFile>;
    try {
      key =
        kind === 'apiKey'
          ? entry.apiKey!.trim()
          : parseApiKeyFile(await readSecret(entry.apiKeyFile!, base, `${where}.apiKeyFile`, warnings));
    } catch (error) {
      if (error instanceof FleetConfigError) throw error;
      throw new FleetConfigError(`${where}.apiKeyFile holds neither an API key nor valid JSON ({"raw_key": …} or precomputed SCRAM keys)`);
    }
    auth = { username: entry.username, apiKey: key };
  }
  try {
    // The client's own check of the credentials' shape, named after the fleet entry (never echoing a value).
    normaliseAuth(auth);
  } catch (error) {
    throw new FleetConfigError(`${where}.${kind}: ${(error as Error).message.replace(/^auth\.(\w+) /, 'the $1 ')}`);
  }
  return auth;
}

async function connectionOf(entry: PairEntry, where: string, base: string, inline: boolean, warnings: string[]): Promise<ClientOptions> {
  const forms = [entry.url && 'url', entry.urls && 'urls', (entry.vip || entry.a || entry.b) && 'vip/a/b'].filter(Boolean);
  if (forms.length !== 1) {
    throw new FleetConfigError(
      forms.length ? `${where}: ${forms.join(' and ')} given: use one form of address` : `${where}: no address: give url, urls, or vip/a/b`,
    );
  }
  const options: ClientOptions = { env: false, auth: await authOf(entry, where, base, inline, warnings) };
  if (entry.url) options.url = entry.url;
  else if (entry.urls) options.urls = entry.urls;
  else options.urls = { ...(entry.vip && { vip: entry.vip }), ...(entry.a && { a: entry.a }), ...(entry.b && { b: entry.b }) };
  if (entry.transport) options.transport = entry.transport;
  if (entry.apiVersion) options.apiVersion = entry.apiVersion as ClientOptions['apiVersion'];
  if (entry.allowInsecure) options.allowInsecure = true;
  if (entry.ca || entry.insecure) {
    options.tls = {};
    if (entry.ca) options.tls.ca = await readSecret(entry.ca, base, `${where}.ca`, []);
    if (entry.insecure) options.tls.rejectUnauthorized = false;
  }
  return options;
}

/** Reads and checks a fleet file; throws `FleetConfigError` naming the field at fault. */
export async function loadFleet(file: string): Promise<Fleet> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FleetConfigError(`fleet file ${path} cannot be read (${(error as { code?: string }).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new FleetConfigError(`fleet file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FleetConfigError(`fleet file ${path}: ${fieldPath(issue.path, raw)}: ${issue.message}`);
  }
  const config = parsed.data;
  const base = dirname(path);
  const warnings: string[] = [];
  const seen = new Set<string>();
  const pairs: FleetPair[] = [];
  for (const [i, own] of config.pairs.entries()) {
    const where = `pairs[${i}] (${own.name})`;
    if (seen.has(own.name)) throw new FleetConfigError(`fleet file ${path}: ${where}: the name is used twice`);
    seen.add(own.name);
    // An address or credential given by the pair replaces the defaults' whole form of it.
    const hasAddress = own.url || own.urls || own.vip || own.a || own.b;
    const hasSecret = own.apiKeyFile || own.passwordFile || own.apiKey || own.password;
    const defaults = { ...config.defaults };
    if (hasAddress) for (const k of ['url', 'urls', 'vip', 'a', 'b'] as const) delete defaults[k];
    if (hasSecret) for (const k of ['apiKeyFile', 'passwordFile', 'apiKey', 'password'] as const) delete defaults[k];
    const entry: PairEntry = { ...defaults, ...own };
    try {
      const interval = entry.interval ?? config.interval;
      pairs.push({
        name: own.name,
        connection: await connectionOf(entry, where, base, config.allowInlineSecrets === true, warnings),
        interval: interval === undefined ? undefined : interval * 1000,
        readTimeout: entry.timeout === undefined ? undefined : entry.timeout * 1000,
      });
    } catch (error) {
      if (error instanceof FleetConfigError) throw new FleetConfigError(`fleet file ${path}: ${error.message}`);
      throw error;
    }
  }
  return { file: path, pairs, warnings };
}
