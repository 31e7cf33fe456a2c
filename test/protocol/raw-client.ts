/**
 * A small, independent TrueNAS API client for the protocol tests: it speaks exactly the frames the
 * official client (`midclt`, truenas/api_client) sends and expects, on `ws` and `node:crypto` only,
 * sharing no code with this project's client or its SCRAM arithmetic. Described by
 * ../shared/interop/README.md ("What midclt sends", "SCRAM exchange"):
 *
 * - on connect, `core.set_options` first; the result decides the job style (an object with
 *   `legacy_jobs`: new-style jobs; anything else: legacy jobs);
 * - every request `{"jsonrpc":"2.0","method":M,"id":"<uuid4>","params":[...]}`;
 * - new-style: `core.subscribe ["core.get_jobs"]` before every call until one succeeds (ENOTAUTHENTICATED
 *   is ignored, any other error aborts the call);
 * - `Method does not exist` fallbacks: `auth.mechanism_choices` → `[API_KEY_PLAIN]`, `auth.login_ex` →
 *   `auth.login [u, p, null]`; the 25.04.2–25.10.2 `may_create_auth_token` failure → `[API_KEY_PLAIN]`;
 * - jobs followed through `core.get_jobs` `collection_update` like `call -j`;
 * - SCRAM-SHA-512 with the TrueNAS framing, with or without tls-server-end-point binding.
 *
 * Every wait is bounded; every frame sent and received is recorded for assertions.
 */
import { createHash, createHmac, pbkdf2, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import WebSocket from 'ws';

const pbkdf2Async = promisify(pbkdf2);

export type Json = Record<string, unknown>;

/** A JSON-RPC error answered by the server. */
export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly error: { code: number; message: string; data?: { error: number; errname: string; reason: string; extra: unknown } },
  ) {
    super(`${method}: ${error.data?.reason ?? error.message}`);
    this.name = 'RpcError';
  }
}

/** A job that ended FAILED or ABORTED (the client reads `error`, `exception`, `exc_info`). */
export class JobFailed extends Error {
  constructor(readonly fields: Json) {
    super(String(fields.error ?? `job ${String(fields.id)} ended ${String(fields.state)}`));
    this.name = 'JobFailed';
  }
}

const LIMIT_MS = 30_000;

function bounded<T>(promise: Promise<T>, what: string, ms = LIMIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- SCRAM-SHA-512 (RFC 5802 / 7677), on node:crypto ---------------------------------------

const hmac = (key: Buffer, text: string | Buffer) => createHmac('sha512', key).update(text).digest();

/** The RFC 5929 tls-server-end-point data: the leaf certificate hashed with its signature hash (MD5/SHA-1 → SHA-256). */
export function tlsServerEndPoint(der: Buffer): Buffer {
  // The signature algorithm OID follows the TBSCertificate; look for the known ones in the DER bytes.
  const oids: [string, string][] = [
    ['2a864886f70d01010d', 'sha512'], // sha512WithRSAEncryption
    ['2a864886f70d01010c', 'sha384'], // sha384WithRSAEncryption
    ['2a8648ce3d040304', 'sha512'], // ecdsa-with-SHA512
    ['2a8648ce3d040303', 'sha384'], // ecdsa-with-SHA384
  ];
  const hex = der.toString('hex');
  const hash = oids.find(([oid]) => hex.lastIndexOf(oid) > hex.length / 2)?.[1] ?? 'sha256';
  return createHash(hash).update(der).digest();
}

export interface ScramResult {
  serverFirst: string;
  serverFinal: string;
  userInfo: unknown;
}

// ---- the client ------------------------------------------------------------------------------

export interface OpenOptions {
  /** Accept any TLS certificate (midclt --insecure). */
  insecure?: boolean;
}

/** One JSON-RPC 2.0 connection (`/api/current`, `/api/vX.Y.Z`). */
export class RawClient {
  readonly sent: Json[] = [];
  readonly received: Json[] = [];
  /** `collection_update` and `notify_unsubscribed` notifications, in order. */
  readonly notifications: Json[] = [];
  newStyleJobs = false;
  private jobsWatching = false;
  private readonly pending = new Map<string, (reply: Json) => void>();
  private readonly listeners = new Set<() => void>();
  private closedFlag = false;
  readonly closed: Promise<void>;

  private constructor(
    readonly ws: WebSocket,
    /** The server certificate's DER when connected over TLS. */
    readonly peerCertificate: Buffer | null,
  ) {
    this.closed = new Promise((resolve) => {
      ws.on('close', () => {
        this.closedFlag = true;
        for (const resolveReply of this.pending.values()) resolveReply({ closed: true });
        this.pending.clear();
        this.notify();
        resolve();
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Json;
      this.received.push(message);
      if (typeof message.method === 'string') {
        this.notifications.push(message);
        this.notify();
        return;
      }
      const id = message.id as string;
      const resolveReply = this.pending.get(id);
      if (resolveReply) {
        this.pending.delete(id);
        resolveReply(message);
      }
    });
  }

  /** Connects and sends `core.set_options` first, as the official client does. */
  static async open(url: string, options: OpenOptions = {}): Promise<RawClient> {
    const ws = new WebSocket(url, { rejectUnauthorized: !options.insecure, perMessageDeflate: false });
    let certificate: Buffer | null = null;
    ws.once('upgrade', (res: IncomingMessage) => {
      const socket = res.socket as TLSSocket;
      if (typeof socket.getPeerCertificate === 'function') certificate = socket.getPeerCertificate(true).raw ?? null;
    });
    await bounded(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }),
      `connect ${url}`,
    );
    const client = new RawClient(ws, certificate);
    const reply = await client.request('core.set_options', [{ legacy_jobs: false, private_methods: false, py_exceptions: false }]);
    const result = reply.result;
    client.newStyleJobs = result !== null && typeof result === 'object' && 'legacy_jobs' in result;
    return client;
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves when `condition` holds, re-checked on every notification and on close. */
  until<T>(condition: () => T | undefined, what: string, ms = LIMIT_MS): Promise<T> {
    return bounded(
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const value = condition();
          if (value !== undefined) {
            this.listeners.delete(check);
            resolve(value);
          } else if (this.closedFlag) {
            this.listeners.delete(check);
            reject(new Error(`${what}: connection closed`));
          }
        };
        this.listeners.add(check);
        check();
      }),
      what,
      ms,
    );
  }

  /** Sends one request exactly as the official client frames it and resolves with the whole reply. */
  request(method: string, params: unknown[] = [], id: string = randomUUID()): Promise<Json> {
    const frame = { jsonrpc: '2.0', method, id, params };
    const reply = new Promise<Json>((resolve) => this.pending.set(id, resolve));
    this.sent.push(frame);
    this.ws.send(JSON.stringify(frame));
    return bounded(reply, method).then((r) => {
      if (r.closed) throw new Error(`${method}: connection closed`);
      return r;
    });
  }

  /** A call as `Client.call` makes it: the jobs subscription first (new-style), then the request. */
  async call(method: string, ...params: unknown[]): Promise<unknown> {
    if (this.newStyleJobs && !this.jobsWatching) await this.watchJobs(true);
    const reply = await this.request(method, params);
    if (reply.error) throw new RpcError(method, reply.error as RpcError['error']);
    return reply.result;
  }

  /** `core.subscribe ["core.get_jobs"]`; `silent` ignores ENOTAUTHENTICATED (207) as the client does. */
  async watchJobs(silent: boolean): Promise<void> {
    const reply = await this.request('core.subscribe', ['core.get_jobs']);
    if (!reply.error) {
      this.jobsWatching = true;
      return;
    }
    const error = reply.error as RpcError['error'];
    if (silent && error.code === -32001 && error.data?.error === 207) return;
    throw new RpcError('core.subscribe', error);
  }

  /** `auth.mechanism_choices`, with the official client's fallbacks. */
  async mechanisms(): Promise<string[]> {
    try {
      return (await this.call('auth.mechanism_choices')) as string[];
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      if (error.error.message === 'Method does not exist') return ['API_KEY_PLAIN'];
      if (error.error.data?.reason.includes("'NoneType' object has no attribute 'may_create_auth_token'")) return ['API_KEY_PLAIN'];
      throw error;
    }
  }

  /** `PASSWORD_PLAIN`, falling back to `auth.login [u, p, null]` when `auth.login_ex` does not exist. */
  async loginPassword(username: string, password: string): Promise<string> {
    try {
      const reply = (await this.call('auth.login_ex', { mechanism: 'PASSWORD_PLAIN', username, password })) as Json;
      return String(reply.response_type);
    } catch (error) {
      if (!(error instanceof RpcError) || error.error.message !== 'Method does not exist') throw error;
      return (await this.call('auth.login', username, password, null)) ? 'SUCCESS' : 'AUTH_ERR';
    }
  }

  /** `API_KEY_PLAIN` after `auth.mechanism_choices` (midclt `--plain`). */
  async loginApiKeyPlain(username: string, apiKey: string): Promise<string> {
    await this.mechanisms();
    const reply = (await this.call('auth.login_ex', { mechanism: 'API_KEY_PLAIN', username, api_key: apiKey })) as Json;
    return String(reply.response_type);
  }

  /**
   * SCRAM-SHA-512 with an API key (`<id>-<material>`), bound to the TLS certificate when
   * `binding` is true. Throws on anything the official client refuses.
   */
  async loginScram(username: string, apiKey: string, binding: boolean): Promise<ScramResult> {
    if (!(await this.mechanisms()).includes('SCRAM')) throw new Error('SCRAM authentication is not supported on the remote server');
    if (binding && !this.peerCertificate) throw new Error('channel binding is required but the connection is not TLS');
    const dash = apiKey.indexOf('-');
    const keyId = apiKey.slice(0, dash);
    const material = apiKey.slice(dash + 1);
    const gs2 = binding ? 'p=tls-server-end-point,,' : 'n,,';
    const clientNonce = randomBytes(32);
    const bare = `n=${username}:${keyId},r=${clientNonce.toString('base64')}`;
    const first = (await this.call('auth.login_ex', {
      mechanism: 'SCRAM',
      scram_type: 'CLIENT_FIRST_MESSAGE',
      rfc_str: gs2 + bare,
    })) as Json;
    if (first.response_type === 'AUTH_ERR') throw new Error('Invalid API key');
    if (first.response_type !== 'SCRAM_RESPONSE' || first.scram_type !== 'SERVER_FIRST_RESPONSE') {
      throw new Error(`${String(first.response_type)}: unexpected server response`);
    }
    const serverFirst = String(first.rfc_str);
    const attributes = serverFirst.split(',').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]);
    if (attributes.map(([k]) => k).join(',') !== 'r,s,i') throw new Error(`server-first must be exactly r,s,i: ${serverFirst}`);
    const [nonce = '', salt = '', iterationsText = ''] = attributes.map(([, value]) => value);
    const nonceBytes = Buffer.from(nonce, 'base64');
    if (nonceBytes.length !== 32 && nonceBytes.length !== 64) throw new Error('server nonce must decode to 32 or 64 bytes');
    const saltBytes = Buffer.from(salt, 'base64');
    if (saltBytes.length > 1024) throw new Error('salt longer than 1024 bytes');
    const iterations = Number(iterationsText);
    if (!Number.isInteger(iterations) || iterations < 50_000 || iterations > 5_000_000)
      throw new Error(`iterations ${iterationsText} out of range`);

    const salted = await pbkdf2Async(Buffer.from(material, 'utf8'), saltBytes, iterations, 64, 'sha512');
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash('sha512').update(clientKey).digest();
    const serverKey = hmac(salted, 'Server Key');
    const cbind = Buffer.concat([Buffer.from(gs2), binding ? tlsServerEndPoint(this.peerCertificate!) : Buffer.alloc(0)]);
    const withoutProof = `c=${cbind.toString('base64')},r=${nonceBytes.toString('base64')}`;
    const authMessage = `${bare},${serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!));
    const final = (await this.call('auth.login_ex', {
      mechanism: 'SCRAM',
      scram_type: 'CLIENT_FINAL_MESSAGE',
      rfc_str: `${withoutProof},p=${proof.toString('base64')}`,
    })) as Json;
    if (final.response_type === 'AUTH_ERR') throw new Error('Failed to authenticate with API key');
    if (final.response_type !== 'SCRAM_RESPONSE') throw new Error(`${String(final.response_type)}: unexpected server response`);
    const expected = Buffer.from(`v=${hmac(serverKey, authMessage).toString('base64')}`);
    const got = Buffer.from(String(final.rfc_str));
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      await this.call('auth.logout');
      throw new Error('Remote server validation failed!');
    }
    return { serverFirst, serverFinal: String(final.rfc_str), userInfo: final.user_info };
  }

  /** A job method followed like `midclt call -j`: job events only; the call's own reply is not needed. */
  async callJob(method: string, ...params: unknown[]): Promise<{ result: unknown; progress: Json[]; id: number }> {
    if (!this.jobsWatching) await this.watchJobs(false);
    const id = randomUUID();
    const reply = this.request(method, params, id).catch((error: Error) => ({ error }));
    let jobId: number | undefined;
    if (!this.newStyleJobs) {
      // Legacy jobs: the reply is the job id.
      const answer = (await reply) as Json;
      if (answer.error) throw new RpcError(method, answer.error as RpcError['error']);
      jobId = answer.result as number;
    }
    const jobEvents = () =>
      this.notifications
        .filter((n) => n.method === 'collection_update' && (n.params as Json).collection === 'core.get_jobs')
        .map((n) => n.params as Json);
    // New-style: the id comes from the first event whose job carries this request's id in message_ids.
    jobId ??= await this.until(
      () => jobEvents().find((e) => ((e.fields as Json).message_ids as unknown[]).includes(id))?.id as number | undefined,
      `${method}: job id`,
    );
    const final = await this.until(
      () =>
        jobEvents().find(
          (e) => e.msg === 'changed' && e.id === jobId && ['SUCCESS', 'FAILED', 'ABORTED'].includes(String((e.fields as Json).state)),
        ),
      `${method}: job ${jobId} to end`,
      120_000,
    );
    const progress = jobEvents()
      .filter((e) => e.id === jobId)
      .map((e) => (e.fields as Json).progress as Json);
    const fields = final.fields as Json;
    if (fields.state !== 'SUCCESS') throw new JobFailed(fields);
    return { result: fields.result, progress, id: jobId };
  }

  /** `core.subscribe [event]`; returns the subscription id. */
  async subscribe(event: string): Promise<string> {
    return String(await this.call('core.subscribe', event));
  }

  /** Notifications of one collection (`collection_update` params), in order. */
  updates(collection: string): Json[] {
    return this.notifications
      .filter((n) => n.method === 'collection_update' && (n.params as Json).collection === collection)
      .map((n) => n.params as Json);
  }

  close(): void {
    this.ws.close();
  }
}

/** The legacy `/websocket` protocol as the official `LegacyClient` speaks it. */
export class LegacyClient {
  readonly received: Json[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as Json);
      for (const listener of [...this.listeners]) listener();
    });
    ws.on('error', () => {});
  }

  /** Opens `/websocket` and completes the `connect` handshake. */
  static async open(baseUrl: string): Promise<LegacyClient> {
    const ws = new WebSocket(`${baseUrl}/websocket`, { perMessageDeflate: false });
    await bounded(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
      'connect /websocket',
    );
    const client = new LegacyClient(ws);
    client.send({ msg: 'connect', version: '1', support: ['1'], features: [] });
    await client.next((m) => m.msg === 'connected' || m.msg === 'failed', 'connected');
    return client;
  }

  send(message: Json): void {
    this.ws.send(JSON.stringify(message));
  }

  next(match: (m: Json) => boolean, what: string, ms = LIMIT_MS): Promise<Json> {
    return bounded(
      new Promise<Json>((resolve) => {
        const check = () => {
          const found = this.received.find(match);
          if (found) {
            this.listeners.delete(check);
            resolve(found);
          }
        };
        this.listeners.add(check);
        check();
      }),
      what,
      ms,
    );
  }

  /** `{"msg": "method", "method": M, "id": uuid, "params": [...]}`; resolves with the `result` message. */
  async method(method: string, ...params: unknown[]): Promise<Json> {
    const id = randomUUID();
    this.send({ msg: 'method', method, id, params });
    return this.next((m) => m.msg === 'result' && m.id === id, method);
  }

  /** `{"msg": "sub", "id": uuid, "name": EVENT}`; resolves with `ready` (or the error `result`). */
  async sub(name: string): Promise<{ id: string; answer: Json }> {
    const id = randomUUID();
    this.send({ msg: 'sub', id, name });
    const answer = await this.next(
      (m) => (m.msg === 'ready' && (m.subs as string[]).includes(id)) || (m.msg === 'result' && m.id === id),
      `sub ${name}`,
    );
    return { id, answer };
  }

  close(): void {
    this.ws.close();
  }
}

/** The X.509 certificate's DER from PEM (for a test's own check of the binding data). */
export const certificateDer = (pem: string): Buffer => Buffer.from(new X509Certificate(pem).raw);
