/**
 * One JSON-RPC 2.0 WebSocket connection (`/api/current`, `/api/vX.Y.Z`), answering like the
 * middleware: message size limits that close the socket, the exact envelope errors, the 20-call
 * concurrency limit (10 running, 10 queued), job calls in both reply styles, and
 * `collection_update` events for the connection's subscriptions.
 */
import type { WebSocket } from 'ws';
import { errnoName } from '../../errors/errno.js';
import { describeError } from '../errors.js';
import { InjectedRpcError, type SubscriptionEndError } from '../faults.js';
import { handlers } from '../methods/registry.js';
import type { PairApiEvent } from '../pair/pair.js';
import { dispatch, type Outcome } from '../rpc/dispatch.js';
import { Subscriptions } from '../rpc/events.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';
import { type EventSink, type Origin, Session } from '../rpc/session.js';
import { parseWire } from '../rpc/wire-numbers.js';
import { type Endpoint, methodOf } from '../versions.js';
import { FrameGate } from './frame-gate.js';

const MAX_UNAUTHENTICATED = 8192;
const MAX_AUTHENTICATED = 65536;
const SOFT_LIMIT = 10;
const HARD_LIMIT = 20;

const hasOwn = (o: object, k: string) => Object.hasOwn(o, k);

/** Checks the request envelope; returns an error text or null. Fills in missing `params`. */
function envelopeError(message: Record<string, unknown>): string | null {
  if (!hasOwn(message, 'jsonrpc')) return "Missing 'jsonrpc' member";
  if (message.jsonrpc !== '2.0') return "'jsonrpc' member must be of type string and must be exactly '2.0'";
  if (hasOwn(message, 'id')) {
    const id = message.id;
    // Python's isinstance(x, int) also accepts booleans.
    const ok = id === null || typeof id === 'string' || typeof id === 'boolean' || (typeof id === 'number' && Number.isInteger(id));
    if (!ok) return "'id' member must be of type null, string or number";
  }
  if (!hasOwn(message, 'method')) return "Missing 'method' member";
  if (typeof message.method !== 'string' || message.method === '') return "'method' member must be of type string";
  if (!hasOwn(message, 'params')) message.params = [];
  else if (!Array.isArray(message.params)) return "'params' member must be of type array";
  return null;
}

export class RpcSocket implements EventSink {
  readonly session: Session;
  private readonly subscriptions: Subscriptions;
  private inflight = 0;
  private executing = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;
  private readonly gate: FrameGate;

  constructor(
    private readonly ws: WebSocket,
    private readonly rt: SimulatorRuntime,
    endpoint: Endpoint,
    origin: Origin,
    node: 'A' | 'B',
    isHung: () => boolean,
  ) {
    this.session = new Session(rt, node, endpoint, origin, this);
    this.subscriptions = new Subscriptions(() => rt.random.uuid());
    if (origin.unix) this.session.credential = { type: 'UNIX_SOCKET', user: rt.accounts.root };
    this.gate = new FrameGate(rt.faults, isHung, () => this.closed);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.gate.inbound(() => this.onMessage(data, isBinary)));
    ws.on('close', () => this.onClose());
    ws.on('error', () => {});
  }

  /** Processes frames held while the controller was hung. */
  resume(): void {
    this.gate.release();
  }

  /** Drops the connection at once, as a rebooting controller does (no close frame). */
  destroy(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private onClose(): void {
    this.closed = true;
    this.subscriptions.clear();
  }

  private send(message: unknown): void {
    if (this.closed) return;
    const text = JSON.stringify(message);
    this.gate.outbound(() => {
      if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(text);
    });
  }

  private sendError(id: unknown, code: number, message: string, data?: unknown): void {
    const error: Record<string, unknown> = { code, message };
    if (data !== undefined && data !== null) error.data = data;
    this.send({ jsonrpc: '2.0', error, id });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) {
      this.ws.close(1003, 'Invalid websocket message type: <WSMsgType.BINARY: 2>');
      return;
    }
    if (!this.session.authenticated && data.length > MAX_UNAUTHENTICATED) {
      this.ws.close(1007, 'Anonymous connection max message length is 8 kB');
      return;
    }
    let message: unknown;
    try {
      message = parseWire(data.toString('utf8'));
    } catch (err) {
      this.sendError(null, -32700, (err as Error).message);
      return;
    }
    if (Array.isArray(message)) {
      this.sendError(null, -32700, 'Batch messages are not supported at this time');
      return;
    }
    if (message === null || typeof message !== 'object') {
      this.sendError(null, -32700, 'Invalid Message Format');
      return;
    }
    if (data.length > MAX_AUTHENTICATED) {
      this.ws.close(1009, 'Max message length is 64 kB');
      return;
    }
    const request = message as Record<string, unknown>;
    const hasId = hasOwn(request, 'id');
    const id = request.id;
    const invalid = envelopeError(request);
    if (invalid) {
      if (hasId) this.sendError(id, -32600, invalid);
      return;
    }
    const method = methodOf(this.session.endpoint, request.method as string);
    if (!method) {
      if (hasId) this.sendError(id, -32601, 'Method does not exist');
      return;
    }
    if (this.inflight >= HARD_LIMIT) {
      if (hasId) this.sendError(id, -32000, `Maximum number of concurrent calls (${HARD_LIMIT}) has exceeded`);
      return;
    }
    this.inflight++;
    const run = () => {
      this.executing++;
      void this.execute(method.name, request.params as unknown[], hasId, id).finally(() => this.release());
    };
    if (this.executing < SOFT_LIMIT) run();
    else this.waiting.push(run);
  }

  private release(): void {
    this.executing--;
    this.inflight--;
    const next = this.waiting.shift();
    if (next) next();
  }

  private async execute(name: string, params: unknown[], hasId: boolean, id: unknown): Promise<void> {
    const method = methodOf(this.session.endpoint, name)!;
    const outcome: Outcome = await dispatch(this.rt, handlers, this.session, method, params, hasId ? id : undefined);
    if (this.closed) return;
    switch (outcome.kind) {
      case 'none':
        return;
      case 'result':
        if (hasId) this.send({ jsonrpc: '2.0', result: outcome.value, id });
        return;
      case 'error':
        if (hasId) this.replyError(id, outcome.error, name);
        return;
      case 'job': {
        const job = outcome.job;
        if (this.session.legacyJobs || !this.session.endpoint.newStyleJobs) {
          if (hasId) this.send({ jsonrpc: '2.0', result: job.id, id });
          return;
        }
        // New-style jobs: the reply waits for the job and holds this call's slot meanwhile.
        await job.finished;
        if (this.closed || !job.done || !hasId) return;
        if (job.state === 'SUCCESS') this.send({ jsonrpc: '2.0', result: job.result, id });
        else this.replyError(id, job.failureAsError(), name);
        return;
      }
    }
  }

  private replyError(id: unknown, error: unknown, where: string): void {
    if (error instanceof InjectedRpcError) {
      this.sendError(id, error.code, error.message, error.data);
      return;
    }
    const described = describeError(error, where);
    this.sendError(id, described.code, described.message, described.data);
  }

  // ---- events ------------------------------------------------------------------------------

  subscribe(name: string): string {
    return this.subscriptions.add(name);
  }

  unsubscribe(id: string): void {
    this.subscriptions.remove(id);
  }

  dropSourceSubscriptions(): void {
    this.subscriptions.dropSources();
  }

  /**
   * The server ends the subscriptions to `name` (an event source failed or finished): one
   * `notify_unsubscribed` per subscription, with the TrueNAS error if there was one. Returns how many.
   */
  endSubscriptions(name: string, error: SubscriptionEndError | null): number {
    if (this.closed) return 0;
    const ended = this.subscriptions.end(name);
    const data = error
      ? {
          error: error.errno,
          errname: errnoName(error.errno),
          reason: `[${errnoName(error.errno)}] ${error.reason}`,
          trace: null,
          extra: null,
        }
      : null;
    for (let i = 0; i < ended; i++) this.send({ jsonrpc: '2.0', method: 'notify_unsubscribed', params: { collection: name, error: data } });
    return ended;
  }

  /** Pushes an event if this connection subscribed to it and may see it. */
  deliver(event: PairApiEvent): void {
    const params = this.closed ? undefined : this.subscriptions.notification(this.session, event);
    if (params) this.send({ jsonrpc: '2.0', method: 'collection_update', params });
  }
}
