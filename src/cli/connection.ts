/**
 * How the CLI reaches and logs in to the pair: flags first, then the same TRUENAS_* environment
 * variables as the client. Secrets come from files, stdin or the environment; one given on the
 * command line works but is called out, since other local users can read the process list.
 */
import { readFile } from 'node:fs/promises';
import { type AuthOptions, parseApiKeyFile } from '../auth/credentials.js';
import type { ClientOptions, ControllerUrls } from '../client/options.js';
import { API_VERSIONS, type ApiVersion, isApiVersion } from '../generated/index.js';
import { listOption, numberOption, type ParsedArgs, stringOption } from './args.js';
import { UsageError } from './errors.js';
import type { Output } from './output.js';
import { didYouMean } from './suggest.js';

export interface ResolvedConnection {
  options: ClientOptions;
  /** The addresses, for messages and for probing the peer directly. */
  addresses: {
    urls: string[];
    controllers: ControllerUrls | undefined;
    /** Addresses given without a scheme (`nas:8080`), which the client takes as wss://. */
    schemeless: string[];
  };
  /** Which credential is used, for messages (never the secret itself). */
  credential: string;
  /** How long the first connection may take, ms. */
  connectTimeout: number;
  /** Per-call timeout, ms. */
  callTimeout: number;
}

export interface ConnectionInput {
  /** Options given before the command name (always connection options). */
  global: ParsedArgs;
  /** Options given after the command name; names the command itself defines are not read here. */
  command: ParsedArgs;
  /** Option names the command defines for itself (e.g. `update --timeout` is the failover timeout). */
  ownNames: ReadonlySet<string>;
  env: Record<string, string | undefined>;
  out: Output;
  /** Reads all of stdin (for --password-stdin). */
  readStdin: () => Promise<string>;
  /** False: a connection without credentials is allowed (only methods that need no login work). */
  requireAuth: boolean;
}

const API_KEY = /^\d+-[A-Za-z0-9]+$/;

/** The value of a connection option: after the command unless the command owns the name, else before it. */
function pick(input: ConnectionInput, name: string): ParsedArgs['values'][string] {
  const after = input.ownNames.has(name) ? undefined : input.command.values[name];
  return after ?? input.global.values[name];
}

function merged(input: ConnectionInput): ParsedArgs {
  const names = [
    'url',
    'vip',
    'a',
    'b',
    'username',
    'api-key-file',
    'api-key',
    'password-stdin',
    'ca',
    'insecure',
    'timeout',
    'call-timeout',
    'connect-timeout',
    'api-version',
  ];
  const values: ParsedArgs['values'] = {};
  for (const n of names) {
    if (n === 'url') {
      const list = [...listOption(input.global, 'url'), ...(input.ownNames.has('url') ? [] : listOption(input.command, 'url'))];
      if (list.length) values.url = list;
      continue;
    }
    const v = pick(input, n);
    if (v !== undefined) values[n] = v;
  }
  return { values, positionals: [], seen: [] };
}

async function readSecretFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new UsageError(`${flag} ${path} cannot be read (${code})`, 'Give the path of a file holding the API key.');
  }
}

function checkKey(key: string, source: string): string {
  const trimmed = key.trim();
  if (!API_KEY.test(trimmed)) {
    // Never echo the value: it may be a real key with a typo.
    throw new UsageError(`${source} does not look like a TrueNAS API key ("<numeric id>-<key>", as shown once when it was created)`);
  }
  return trimmed;
}

async function resolveAuth(args: ParsedArgs, input: ConnectionInput): Promise<{ auth: AuthOptions | null; credential: string }> {
  const { env, out } = input;
  const keyFile = stringOption(args, 'api-key-file');
  const keyFlag = stringOption(args, 'api-key');
  const passwordStdin = args.values['password-stdin'] === true;
  const given = [keyFile && '--api-key-file', keyFlag && '--api-key', passwordStdin && '--password-stdin'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} cannot be used together: give one credential`);
  const username = stringOption(args, 'username') ?? env.TRUENAS_USERNAME;
  const needUser = (what: string) => {
    if (!username) {
      throw new UsageError(
        `${what} needs a user name`,
        'TrueNAS binds API keys and passwords to a user: pass --username or set TRUENAS_USERNAME.',
      );
    }
    return username;
  };
  if (keyFile) {
    const parsed = parseKeyFile(await readSecretFile(keyFile, '--api-key-file'), '--api-key-file');
    if (typeof parsed === 'string') out.addSecret(parsed);
    return { auth: { username: needUser('--api-key-file'), apiKey: parsed }, credential: `API key from ${keyFile}` };
  }
  if (keyFlag) {
    out.addSecret(keyFlag.trim());
    out.warn('--api-key puts the key in the process list, where other local users can read it; prefer --api-key-file or TRUENAS_API_KEY.');
    return { auth: { username: needUser('--api-key'), apiKey: checkKey(keyFlag, '--api-key') }, credential: 'API key from --api-key' };
  }
  if (passwordStdin) {
    const text = (await input.readStdin()).replace(/\r?\n$/, '');
    if (text === '')
      throw new UsageError('--password-stdin: stdin was empty', 'Pipe the password in: printf %s "$PW" | truenas-failover …');
    out.addSecret(text);
    return { auth: { username: needUser('--password-stdin'), password: text }, credential: 'password from stdin' };
  }
  if (env.TRUENAS_API_KEY) {
    out.addSecret(env.TRUENAS_API_KEY.trim());
    return {
      auth: { username: needUser('TRUENAS_API_KEY'), apiKey: checkKey(env.TRUENAS_API_KEY, 'TRUENAS_API_KEY') },
      credential: 'API key from TRUENAS_API_KEY',
    };
  }
  if (env.TRUENAS_API_KEY_FILE) {
    const parsed = parseKeyFile(await readSecretFile(env.TRUENAS_API_KEY_FILE, 'TRUENAS_API_KEY_FILE'), 'TRUENAS_API_KEY_FILE');
    if (typeof parsed === 'string') out.addSecret(parsed);
    return {
      auth: { username: needUser('TRUENAS_API_KEY_FILE'), apiKey: parsed },
      credential: `API key from ${env.TRUENAS_API_KEY_FILE}`,
    };
  }
  if (env.TRUENAS_PASSWORD) {
    out.addSecret(env.TRUENAS_PASSWORD);
    return {
      auth: { username: needUser('TRUENAS_PASSWORD'), password: env.TRUENAS_PASSWORD },
      credential: 'password from TRUENAS_PASSWORD',
    };
  }
  if (input.requireAuth) {
    throw new UsageError(
      'no credentials given',
      'Pass --username and --api-key-file FILE (or set TRUENAS_USERNAME and TRUENAS_API_KEY / TRUENAS_API_KEY_FILE).',
    );
  }
  return { auth: null, credential: 'no login' };
}

function parseKeyFile(text: string, source: string): ReturnType<typeof parseApiKeyFile> {
  let parsed: ReturnType<typeof parseApiKeyFile>;
  try {
    parsed = parseApiKeyFile(text);
  } catch {
    throw new UsageError(`${source} holds neither an API key nor valid JSON ({"raw_key": …} or precomputed SCRAM keys)`);
  }
  return typeof parsed === 'string' ? checkKey(parsed, source) : parsed;
}

function seconds(args: ParsedArgs, name: string, fallback: number): number {
  const n = numberOption(args, name, { min: 0.001, max: 86_400 });
  return Math.round((n ?? fallback) * 1000);
}

const SCHEMES = ['wss', 'ws', 'https', 'http'];

/**
 * Refuses an address whose scheme is none of ws, wss, http and https (with the nearest one as a
 * suggestion) and returns those given without a scheme, which the client takes as wss://.
 */
function checkSchemes(given: readonly [source: string, address: string][]): string[] {
  const schemeless: string[] = [];
  for (const [source, raw] of given) {
    const address = raw.trim();
    const m = /^([a-z][a-z0-9+.-]*):(\/*)/i.exec(address);
    const scheme = m?.[1]?.toLowerCase() ?? '';
    const slashes = m?.[2] ?? '';
    // `nas:8080` is a host and a port; `https:nas` or `htps://nas` is a scheme gone wrong.
    if (!m || (slashes === '' && !SCHEMES.includes(scheme))) {
      schemeless.push(address);
      continue;
    }
    const rest = address.slice(m[0].length);
    if (SCHEMES.includes(scheme) && slashes === '//') continue;
    throw new UsageError(
      `${source} ${address}: expected wss://, ws://, https:// or http:// before the host`,
      didYouMean(scheme, SCHEMES, (s) => `${s}://${rest}`) ?? `e.g. wss://${rest} (TLS) or ws://${rest}`,
    );
  }
  return schemeless;
}

/** Turns flags and environment into client options; throws UsageError naming the flag at fault. */
export async function resolveConnection(input: ConnectionInput): Promise<ResolvedConnection> {
  const args = merged(input);
  const urls = listOption(args, 'url');
  const controllers: ControllerUrls = {};
  for (const k of ['vip', 'a', 'b'] as const) {
    const v = stringOption(args, k);
    if (v !== undefined) controllers[k] = v;
  }
  const hasControllers = Object.keys(controllers).length > 0;
  if (urls.length && hasControllers) throw new UsageError('--url cannot be combined with --vip/--a/--b: use one form');
  if (!urls.length && !hasControllers && input.env.TRUENAS_URL) urls.push(input.env.TRUENAS_URL);
  if (!urls.length && !hasControllers) {
    throw new UsageError('no address given', 'Pass --url wss://nas.example (or --vip, --a, --b), or set TRUENAS_URL.');
  }
  const given: [string, string][] = hasControllers
    ? Object.entries(controllers).map(([k, v]) => [`--${k}`, v])
    : urls.map((u) => [listOption(args, 'url').length ? '--url' : 'TRUENAS_URL', u]);
  const schemeless = checkSchemes(given);
  for (const a of schemeless) input.out.debug(`${a} has no scheme: the client uses wss://${a}`);
  // Always the WebSocket JSON-RPC API, also for http(s):// addresses: the CLI needs events and job
  // progress, which REST /api/v2.0 does not carry (and TrueNAS 26+ has no REST at all).
  const options: ClientOptions = { env: false, transport: 'websocket' };
  if (hasControllers) options.urls = controllers;
  else if (urls.length === 1) options.url = urls[0];
  else options.urls = urls;

  const apiVersion = stringOption(args, 'api-version');
  if (apiVersion !== undefined) {
    if (!isApiVersion(apiVersion))
      throw new UsageError(`--api-version ${apiVersion} is not known`, `Known versions: ${API_VERSIONS.join(', ')}.`);
    options.apiVersion = apiVersion as ApiVersion;
  }
  if (args.values.timeout !== undefined && args.values['call-timeout'] !== undefined) {
    throw new UsageError('--timeout and --call-timeout are the same option: give one');
  }
  const callTimeout = seconds(args, args.values['call-timeout'] !== undefined ? 'call-timeout' : 'timeout', 60);
  const connectTimeout = seconds(args, 'connect-timeout', 10);
  options.timeout = callTimeout;
  options.connectTimeout = Math.min(connectTimeout, 15_000);

  const ca = stringOption(args, 'ca');
  const insecure = args.values.insecure === true;
  if (ca !== undefined || insecure) {
    options.tls = {};
    if (ca !== undefined) {
      try {
        options.tls.ca = await readFile(ca, 'utf8');
      } catch (error) {
        throw new UsageError(`--ca ${ca} cannot be read (${(error as { code?: string }).code ?? 'error'})`);
      }
    }
    if (insecure) {
      options.tls.rejectUnauthorized = false;
      input.out.warn(
        input.out.styleErr.bold(
          'TLS certificate verification is OFF (--insecure): anyone on the network path can pose as the controller and capture the credentials.',
        ),
      );
    }
  }
  const { auth, credential } = await resolveAuth(args, input);
  options.auth = auth;
  return {
    options,
    addresses: { urls, controllers: hasControllers ? controllers : undefined, schemeless },
    credential,
    connectTimeout,
    callTimeout,
  };
}
