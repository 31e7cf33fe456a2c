/**
 * The legacy `/websocket` protocol (DDP-style, deprecated but served by every version): a
 * `connect` handshake, `method` calls answered with `result` messages (errors carry `type`, and
 * several validation errors use errno EAGAIN), `sub`/`unsub` with `ready`, and events as bare
 * `added`/`changed` messages. Job methods always answer their job id.
 */
import type { WebSocket } from 'ws';
import { ERRNO, errnoName } from '../../errors/errno.js';
import { describeError, SimCallError, SimValidationErrors } from '../errors.js';
import { InjectedRpcError, type SubscriptionEndError } from '../faults.js';
import { handlers } from '../methods/registry.js';
import type { PairApiEvent } from '../pair/pair.js';
import { dispatch } from '../rpc/dispatch.js';
import { canSubscribe, Subscriptions } from '../rpc/events.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';
import { type EventSink, type Origin, Session } from '../rpc/session.js';
import { methodNotFound } from '../rpc/unknown-method.js';
import { parseWire } from '../rpc/wire-numbers.js';
import { type Endpoint, methodOf } from '../versions.js';
import { FrameGate } from './frame-gate.js';

const HARD_LIMIT = 20;
const SOFT_LIMIT = 10;

export class LegacySocket implements EventSink {
  readonly session: Session;
  private handshake = false;
  private closed = false;
  private inflight = 0;
  private executing = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly subscriptions: Subscriptions;
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
    ws.on('close', () => {
      this.closed = true;
      this.subscriptions.clear();
    });
    ws.on('error', () => {});
  }

  resume(): void {
    this.gate.release();
  }

  destroy(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private send(message: unknown): void {
    if (this.closed) return;
    const text = JSON.stringify(message);
    this.gate.outbound(() => {
      if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(text);
    });
  }

  private sendError(
    id: unknown,
    errno: number,
    reason: string,
    extra: unknown = null,
    type: string | null = null,
    trace: unknown = null,
  ): void {
    this.send({ msg: 'result', id, error: { error: errno, errname: errnoName(errno), type, reason, trace, extra } });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) {
      this.ws.close(1003, 'Invalid websocket message type: <WSMsgType.BINARY: 2>');
      return;
    }
    if (!this.session.authenticated && data.length > 8192) {
      this.ws.close(1007, 'Anonymous connection max message length is 8 kB');
      return;
    }
    let message: unknown;
    try {
      message = parseWire(data.toString('utf8'));
    } catch (err) {
      this.ws.close(1007, (err as Error).message.slice(0, 120));
      return;
    }
    if (Array.isArray(message)) {
      this.ws.close(1007, 'Batch messages are not supported at this time');
      return;
    }
    if (message === null || typeof message !== 'object') {
      this.ws.close(1007, 'Invalid Message Format');
      return;
    }
    if (data.length > 65536) {
      this.ws.close(1009, 'Max message length is 64 kB');
      return;
    }
    const m = message as Record<string, unknown>;
    if (m.msg === 'connect') {
      if (m.version !== '1') {
        this.send({ msg: 'failed', version: '1' });
        return;
      }
      this.handshake = true;
      this.send({ msg: 'connected', session: this.rt.random.uuid() });
      return;
    }
    if (!this.handshake) {
      this.send({ msg: 'failed', version: '1' });
      return;
    }
    if (m.msg === 'method') {
      this.onMethod(m);
      return;
    }
    if (m.msg === 'sub') {
      this.onSub(m);
      return;
    }
    if (m.msg === 'unsub') {
      this.subscriptions.remove(String(m.id));
      return;
    }
    // Anything else (including DDP `ping`) is ignored, as the server does.
  }

  private onMethod(m: Record<string, unknown>): void {
    const id = m.id ?? null;
    if (!('method' in m)) {
      this.sendError(id, ERRNO.EINVAL, "Message is malformed: 'method' is absent.");
      return;
    }
    const name = String(m.method);
    const params = m.params ?? [];
    if (!Array.isArray(params)) {
      this.sendError(id, ERRNO.EINVAL, '`params` must be a list.');
      return;
    }
    const method = methodOf(this.session.endpoint, name);
    if (!method) {
      const notFound = methodNotFound(this.session.endpoint, name);
      this.sendError(id, notFound.errno, notFound.reason);
      return;
    }
    if (this.inflight >= HARD_LIMIT) {
      this.sendError(id, ERRNO.ETOOMANYREFS, `[ETOOMANYREFS] Maximum number of concurrent calls (${HARD_LIMIT}) has exceeded.`);
      return;
    }
    this.inflight++;
    const run = () => {
      this.executing++;
      void this.call(method.name, params, id).finally(() => {
        this.executing--;
        this.inflight--;
        this.waiting.shift()?.();
      });
    };
    if (this.executing < SOFT_LIMIT) run();
    else this.waiting.push(run);
  }

  private async call(name: string, params: unknown[], id: unknown): Promise<void> {
    const method = methodOf(this.session.endpoint, name)!;
    const outcome = await dispatch(this.rt, handlers, this.session, method, params, id);
    if (this.closed) return;
    if (outcome.kind === 'none') return;
    if (outcome.kind === 'result') {
      this.send({ id, msg: 'result', result: outcome.value });
      return;
    }
    if (outcome.kind === 'job') {
      this.send({ id, msg: 'result', result: outcome.job.id });
      return;
    }
    const error = outcome.error;
    if (error instanceof InjectedRpcError) {
      this.sendError(id, ERRNO.EFAULT, error.message);
      return;
    }
    const described = describeError(error, name).data;
    const trace = described.trace ? { ...described.trace, frames: [] } : null;
    if (error instanceof SimValidationErrors) {
      // Several validation errors travel as EAGAIN here; a single one keeps its own errno.
      const errno = error.single ? error.issues[0]!.errno : ERRNO.EAGAIN;
      this.sendError(id, errno, error.message, error.triples, 'VALIDATION', trace);
      return;
    }
    const errno = error instanceof SimCallError ? error.errno : described.error;
    this.sendError(id, errno, described.reason, described.extra, null, trace);
  }

  private onSub(m: Record<string, unknown>): void {
    const id = String(m.id);
    const name = String(m.name ?? '');
    if (!canSubscribe(this.session, name)) {
      this.sendError(id, ERRNO.EACCES, 'Not authorized');
      return;
    }
    this.subscriptions.add(name, id);
    this.send({ msg: 'ready', subs: [id] });
  }

  subscribe(name: string): string {
    return this.subscriptions.add(name);
  }

  unsubscribe(id: string): void {
    this.subscriptions.remove(id);
  }

  dropSourceSubscriptions(): void {
    this.subscriptions.dropSources();
  }

  /** The server ends the subscriptions to `name`: one `nosub` per subscription (with the error, if any). */
  endSubscriptions(name: string, error: SubscriptionEndError | null): number {
    if (this.closed) return 0;
    const ended = this.subscriptions.end(name);
    const body: Record<string, unknown> = { msg: 'nosub', collection: name };
    if (error) {
      const errname = errnoName(error.errno);
      body.error = { error: error.errno, errname, type: null, reason: `[${errname}] ${error.reason}`, trace: null, extra: null };
    }
    for (let i = 0; i < ended; i++) this.send(body);
    return ended;
  }

  deliver(event: PairApiEvent): void {
    const body = this.closed ? undefined : this.subscriptions.notification(this.session, event);
    if (body) this.send(body);
  }
}
