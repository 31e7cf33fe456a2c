/**
 * The bare baseline: a minimal JSON-RPC 2.0 client on `ws`, with nothing but request ids and a map
 * of pending calls (no validation, no queue, no reconnect). Logins: PASSWORD_PLAIN, and SCRAM with
 * the same arithmetic module the client uses (PBKDF2 every time, or precomputed keys).
 */
import WebSocket from 'ws';
import {
  clientProof,
  deriveScramKeys,
  fromBase64,
  parseScramAttributes,
  randomBytes,
  type ScramKeys,
  toBase64,
} from '../src/auth/scram.js';

export class RawRpc {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error.message));
      else p.resolve(m.result);
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('closed'));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<RawRpc> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawRpc(ws)));
      ws.once('error', reject);
      ws.once('close', () => reject(new Error('closed before it opened')));
    });
  }

  call(method: string, params: unknown[] = []): Promise<unknown> {
    const id = ++this.nextId;
    if (this.closed) return Promise.reject(new Error('closed'));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async loginPassword(username: string, password: string): Promise<void> {
    const r = (await this.call('auth.login_ex', [{ mechanism: 'PASSWORD_PLAIN', username, password }])) as { response_type: string };
    if (r.response_type !== 'SUCCESS') throw new Error(`login: ${r.response_type}`);
  }

  /** SCRAM-SHA-512 with the API key (`<id>-<material>`); `keys` skips PBKDF2 (precomputed keys). */
  async loginScram(username: string, apiKey: string, keys?: ScramKeys): Promise<ScramKeys> {
    const dash = apiKey.indexOf('-');
    const keyId = apiKey.slice(0, dash);
    const material = apiKey.slice(dash + 1);
    const nonce = toBase64(randomBytes(32));
    const firstBare = `n=${username}:${keyId},r=${nonce}`;
    const first = (await this.call('auth.login_ex', [
      { mechanism: 'SCRAM', scram_type: 'CLIENT_FIRST_MESSAGE', rfc_str: `n,,${firstBare}` },
    ])) as {
      rfc_str: string;
    };
    const attrs = parseScramAttributes(first.rfc_str);
    const derived = keys ?? (await deriveScramKeys(material, fromBase64(attrs.get('s')!), Number(attrs.get('i'))));
    const finalWithoutProof = `c=biws,r=${attrs.get('r')}`;
    const proof = await clientProof(derived, `${firstBare},${first.rfc_str},${finalWithoutProof}`);
    const final = (await this.call('auth.login_ex', [
      { mechanism: 'SCRAM', scram_type: 'CLIENT_FINAL_MESSAGE', rfc_str: `${finalWithoutProof},p=${toBase64(proof)}` },
    ])) as { response_type: string };
    if (final.response_type !== 'SCRAM_RESPONSE') throw new Error(`SCRAM: ${final.response_type}`);
    return derived;
  }

  close(): void {
    this.ws.close();
  }
}
