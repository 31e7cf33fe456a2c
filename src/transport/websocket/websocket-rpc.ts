/**
 * JSON-RPC 2.0 over one WebSocket to one controller (spec §1). Keeps at most `maxInFlight` calls
 * on the wire (TrueNAS answers a 21st concurrent call with -32000) and queues the rest locally,
 * checks each request against the server's message size limit before sending, routes
 * notifications, and settles every pending call when the socket closes.
 */
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { errorFromRpc, RPC_TOO_MANY_CALLS, type RpcErrorObject } from '../../errors/from-rpc.js';
import { IncomingMessageTooLargeError } from '../../errors/incoming-message-too-large-error.js';
import { MessageTooLargeError } from '../../errors/message-too-large-error.js';
import { QueueFullError } from '../../errors/queue-full-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { InternalLogger } from '../../util/logger.js';
import { unrefTimeout } from '../../util/timers.js';
import type { Transport, TransportCallOptions } from '../transport.js';
import type { WebSocketLike } from './websocket-like.js';

/** Message size limits of the server (spec §1.2). */
export const UNAUTHENTICATED_MAX_BYTES = 8192;
export const AUTHENTICATED_MAX_BYTES = 65536;

export interface KeepAliveOptions {
  /** Check the connection after this many ms without any incoming message. Default 30 000. */
  interval: number;
  /** Declare the connection dead when a `core.ping` gets no answer within this many ms. Default 10 000. */
  timeout: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when this side decided to close (client close, keep-alive timeout). */
  local: boolean;
}

export interface WebSocketRpcOptions {
  url: string;
  logger: InternalLogger;
  maxInFlight?: number;
  maxQueue?: number;
  /** The largest message accepted from the server (named in `IncomingMessageTooLargeError`). */
  maxIncomingMessage?: number;
  onNotification?: (method: string, params: unknown) => void;
  onClose?: (info: CloseInfo) => void;
}

interface Outgoing {
  id: string;
  method: string;
  params: readonly unknown[];
  text: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  sent: boolean;
  settled: boolean;
  /** The caller's options (`onSent` is called on them). */
  options: TransportCallOptions | undefined;
  /** Times the server refused it with -32000 (too many concurrent calls); it never ran. */
  refusals: number;
}

const encoder = new TextEncoder();
const MAX_REFUSALS = 50;
// WebSocket close code "message too big" (RFC 6455).
const CLOSE_TOO_LARGE = 1009;
// Messages held for one write at most (see `cork`).
const CORKED_AT_MOST = 8;

/** True when a socket error says a message from the server exceeded the size limit (`ws`'s `maxPayload`). */
function isTooLarge(event: unknown): boolean {
  const error = (event as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return error?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || /max payload size exceeded/i.test(String(error?.message ?? ''));
}

/** A queued call its caller settled by itself (`TransportCallOptions.dropped`): never sent, never settled here. */
function isDropped(entry: Outgoing): boolean {
  return entry.options?.dropped === true;
}

/** The Node stream under a `ws` WebSocket (`ws` keeps it as `_socket`); a browser's WebSocket has none. */
interface CorkableStream {
  cork(): void;
  uncork(): void;
}

export class WebSocketRpc implements Transport {
  readonly kind = 'websocket' as const;
  /** Set once the connection has logged in: raises the message size limit to 64 KiB. */
  authenticated = false;
  private readonly maxInFlight: number;
  private readonly maxQueue: number;
  private readonly inFlight = new Map<string, Outgoing>();
  private queue: Outgoing[] = [];
  private nextId = 1;
  private closedInfo: CloseInfo | undefined;
  private lastReceived = Date.now();
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private pingOutstanding = false;
  /** Queued calls their caller gave up on (`dropped`), left in place until their turn or a purge. */
  private droppedQueued = 0;
  private readonly noteDropped = () => {
    this.droppedQueued++;
  };
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Messages sent in one turn of the event loop while others are in flight leave together: with
   * 20 calls in flight the answers arrive together and the next calls go out together. Each
   * message was one `writev` system call, about 13 µs of the client's 19 µs per call (node
   * --cpu-prof, docs/benchmarks.md). The stream is uncorked once the turn's promise jobs have run
   * (process.nextTick), so nothing waits, and after every `CORKED_AT_MOST` messages: one write of
   * all 20 made the client and the server take turns (the server idle while the client answered a
   * wave and prepared the next, and the other way round), 0.71× the bare client's throughput on an
   * idle machine against 0.87–0.96× with writes of 4–12 messages, which the server starts on while
   * the client prepares the rest.
   */
  private readonly stream: CorkableStream | undefined;
  private corked = false;
  private corkedMessages = 0;
  private readonly flush = () => {
    this.corked = false;
    this.stream!.uncork();
  };

  constructor(
    private readonly socket: WebSocketLike,
    private readonly options: WebSocketRpcOptions,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 20);
    this.maxQueue = Math.max(0, options.maxQueue ?? 10_000);
    const stream = (socket as { _socket?: Partial<CorkableStream> })._socket;
    this.stream = typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as CorkableStream) : undefined;
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.finish({ code: event?.code ?? 1006, reason: event?.reason ?? '', local: false });
    socket.onerror = (event) => {
      // `close` follows; settle now anyway so that nothing waits on a broken socket. `ws` reports a
      // message over `maxPayload` this way before it closes with 1009, without buffering it whole.
      if (isTooLarge(event)) this.finish({ code: CLOSE_TOO_LARGE, reason: 'message too large', local: true });
      else this.finish({ code: 1006, reason: 'socket error', local: false });
    };
  }

  get url(): string {
    return this.options.url;
  }

  get open(): boolean {
    return this.closedInfo === undefined;
  }

  /** Calls on the wire now (answered or not). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Calls waiting locally for a free slot (not counting those their caller gave up on). */
  get queuedCount(): number {
    return this.queue.length - this.droppedQueued;
  }

  call(method: string, params: readonly unknown[], options: TransportCallOptions = {}): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.closedInfo) {
        reject(this.closedError(method, false));
        return;
      }
      const sendsAtOnce = this.queue.length === 0 && this.inFlight.size < this.maxInFlight;
      // A caller that settles the call by itself says when it gave up (`dropped`): no signal to watch.
      const signal = options.dropped === undefined ? options.signal : undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const id = String(this.nextId++);
      let text: string;
      try {
        text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
      } catch (error) {
        reject(
          new ValidationError(
            method,
            [{ attribute: '', message: `Arguments cannot be encoded as JSON (${(error as Error).message})`, errno: 22 }],
            'client',
          ),
        );
        return;
      }
      const limit = this.authenticated ? AUTHENTICATED_MAX_BYTES : UNAUTHENTICATED_MAX_BYTES;
      if (text.length > limit / 3) {
        const size = encoder.encode(text).length;
        if (size > limit) {
          reject(new MessageTooLargeError(method, size, limit, this.authenticated));
          return;
        }
      }
      if (!sendsAtOnce && !options.priority && this.queue.length - this.droppedQueued >= this.maxQueue) {
        reject(new QueueFullError(method, this.maxQueue));
        return;
      }
      const entry: Outgoing = {
        id,
        method,
        params,
        text,
        resolve,
        reject,
        signal,
        onAbort: undefined,
        sent: false,
        settled: false,
        refusals: 0,
        options,
      };
      if (signal) {
        entry.onAbort = () => this.abort(entry);
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      if (sendsAtOnce) this.send(entry);
      else {
        this.enqueue(entry, options.priority === true);
        this.pump();
      }
    });
  }

  /** Checks liveness with `core.ping` when the line has been quiet (see `checkAlive`). */
  startKeepAlive(options: KeepAliveOptions): void {
    this.stopKeepAlive();
    const interval = Math.max(10, options.interval);
    const timer = setInterval(() => this.checkAlive(interval, options.timeout), Math.max(5, Math.floor(interval / 2)));
    (timer as { unref?: () => void }).unref?.();
    this.keepAliveTimer = timer;
  }

  close(reason = 'closed by the client'): void {
    if (this.closedInfo) return;
    this.finish({ code: 1000, reason, local: true });
    try {
      this.socket.close(1000, reason.slice(0, 100));
    } catch {
      // already closing
    }
  }

  /** Drops the connection at once (no closing handshake), e.g. when the controller stopped answering. */
  terminate(reason: string): void {
    if (this.closedInfo) return;
    this.finish({ code: 4000, reason, local: true });
    try {
      this.socket.terminate ? this.socket.terminate() : this.socket.close(4000, reason.slice(0, 100));
    } catch {
      // already closed
    }
  }

  private checkAlive(interval: number, timeout: number): void {
    if (this.closedInfo || this.pingOutstanding) return;
    if (Date.now() - this.lastReceived < interval) return;
    // Sent even with every slot taken: TrueNAS answers a call over its limit at once with -32000,
    // and any answer proves the controller alive. Keeping a slot free for the ping instead took
    // 1 call in 20 from a busy connection's throughput (docs/benchmarks.md).
    this.pingOutstanding = true;
    const sentAt = Date.now();
    const id = `ka${this.nextId++}`;
    // Any incoming message proves the controller is alive; the ping just provokes one.
    const entry: Outgoing = {
      id,
      method: 'core.ping',
      params: [],
      text: JSON.stringify({ jsonrpc: '2.0', id, method: 'core.ping', params: [] }),
      resolve: () => {},
      reject: () => {},
      signal: undefined,
      onAbort: undefined,
      sent: false,
      settled: false,
      refusals: 0,
      options: undefined,
    };
    this.send(entry);
    unrefTimeout(() => {
      this.pingOutstanding = false;
      if (!this.closedInfo && this.lastReceived < sentAt) {
        this.options.logger.warn(`keep-alive: ${this.url} did not answer core.ping within ${timeout} ms; dropping the connection`);
        this.terminate(`keep-alive timeout (${timeout} ms)`);
      }
    }, timeout);
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  /** Queues a call (first, or last); a caller that settles it by itself tells when it gives up. */
  private enqueue(entry: Outgoing, first: boolean): void {
    if (entry.options?.dropped !== undefined) entry.options.whenDropped = this.noteDropped;
    // Left in place when given up on; a full queue makes room by leaving them out.
    if (this.droppedQueued > 0 && this.queue.length >= this.maxQueue) this.purgeDropped();
    if (first) this.queue.unshift(entry);
    else this.queue.push(entry);
  }

  private purgeDropped(): void {
    this.queue = this.queue.filter((e) => !isDropped(e));
    this.droppedQueued = 0;
  }

  private pump(): void {
    while (!this.closedInfo && this.inFlight.size < this.maxInFlight && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      if (isDropped(entry)) {
        if (this.droppedQueued > 0) this.droppedQueued--;
        continue;
      }
      if (entry.settled) continue;
      this.send(entry);
    }
  }

  /** Holds this turn's messages for one write (at most `CORKED_AT_MOST` of them in one). */
  private cork(): void {
    const stream = this.stream;
    if (!stream) return;
    if (!this.corked) {
      stream.cork();
      this.corked = true;
      this.corkedMessages = 0;
      process.nextTick(this.flush);
    } else if (this.corkedMessages === CORKED_AT_MOST) {
      stream.uncork();
      stream.cork();
      this.corkedMessages = 0;
    }
    this.corkedMessages++;
  }

  private send(entry: Outgoing): void {
    entry.sent = true;
    // On the wire, it no longer counts among the queued calls given up on.
    if (entry.options?.whenDropped) entry.options.whenDropped = undefined;
    // A call alone on the connection leaves at once (holding it for the turn cost a sequential call
    // about 2.5 µs); one made while others are in flight, as after a burst of answers, waits for the
    // turn's other messages.
    if (this.inFlight.size > 0) this.cork();
    this.inFlight.set(entry.id, entry);
    // Debug lines carry the arguments; the logger redacts secrets (passwords, keys, tokens, proofs).
    if (this.options.logger.debugEnabled) this.options.logger.debug(`→ ${entry.method} #${entry.id}`, entry.params);
    try {
      this.socket.send(entry.text);
      entry.options?.onSent?.();
    } catch (error) {
      this.options.logger.debug(`send failed on ${this.url}: ${(error as Error).message}`);
      this.finish({ code: 1006, reason: 'send failed', local: false });
    }
  }

  private abort(entry: Outgoing): void {
    if (entry.settled) return;
    entry.settled = true;
    // A queued call is simply never sent. A sent one keeps its slot until the server answers,
    // because the server still counts it against the 20 concurrent calls.
    if (!entry.sent) this.queue = this.queue.filter((e) => e !== entry);
    entry.reject(entry.signal?.reason);
  }

  private receive(data: unknown): void {
    this.lastReceived = Date.now();
    let message: unknown;
    try {
      message = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer));
    } catch {
      this.options.logger.warn(`ignoring a frame from ${this.url} that is not JSON`);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.options.logger.warn(`ignoring a frame from ${this.url} that is not a JSON object`);
      return;
    }
    const m = message as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: RpcErrorObject };
    if (typeof m.method === 'string' && m.id === undefined) {
      this.options.onNotification?.(m.method, m.params);
      return;
    }
    if (m.id === undefined || m.id === null) {
      if (m.error) this.options.logger.warn(`ignoring a server error without a request id from ${this.url}`, m.error);
      else this.options.logger.warn(`ignoring a message without a request id from ${this.url}`);
      return;
    }
    const entry = typeof m.id === 'string' || typeof m.id === 'number' ? this.inFlight.get(String(m.id)) : undefined;
    if (!entry) {
      // A late answer to a call that timed out or was aborted, or a server bug.
      this.options.logger.debug(`ignoring an answer from ${this.url} to no pending call (id ${JSON.stringify(m.id)?.slice(0, 40)})`);
      return;
    }
    this.inFlight.delete(entry.id);
    if (entry.id.startsWith('ka')) {
      this.pump();
      return;
    }
    if (m.error && typeof m.error === 'object' && m.error.code === RPC_TOO_MANY_CALLS && !entry.settled && entry.refusals < MAX_REFUSALS) {
      // The server did not run it; send it again once a slot frees up.
      this.options.logger.debug(`${entry.method}: the server refused it as over its concurrent-call limit; sending it again`);
      entry.refusals++;
      entry.sent = false;
      this.enqueue(entry, true);
      this.schedulePump(Math.min(500, 10 * entry.refusals));
      return;
    }
    this.settle(entry, m);
    this.pump();
  }

  private schedulePump(delay: number): void {
    if (this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = undefined;
      this.pump();
    }, delay);
  }

  private settle(entry: Outgoing, m: { result?: unknown; error?: RpcErrorObject }): void {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    if (m.error !== undefined && m.error !== null) {
      const error = typeof m.error === 'object' ? m.error : { code: -32603, message: String(m.error) };
      this.options.logger.debug(`← ${entry.method} #${entry.id} failed`, error);
      entry.reject(errorFromRpc(entry.method, error, this.url));
    } else entry.resolve(m.result ?? null);
  }

  private closedError(method: string, sent: boolean): ConnectionClosedError {
    const info = this.closedInfo;
    if (info?.code === CLOSE_TOO_LARGE) {
      const limit = this.options.maxIncomingMessage;
      return new IncomingMessageTooLargeError(
        `The connection to ${this.url} was closed: the server sent a message over ${limit === undefined ? 'the size limit' : `${limit} bytes (maxIncomingMessage)`} ` +
          `while ${method} was ${sent ? 'in flight' : 'waiting to be sent'}.`,
        { url: this.url, closeReason: info.reason, method, sent, limit },
      );
    }
    const why = info ? `${info.reason || 'closed'}, code ${info.code}` : 'closed';
    return new ConnectionClosedError(
      sent
        ? `The connection to ${this.url} closed (${why}) before ${method} was answered.`
        : `The connection to ${this.url} closed (${why}) before ${method} was sent.`,
      { url: this.url, closeCode: info?.code, closeReason: info?.reason, method, sent },
    );
  }

  private finish(info: CloseInfo): void {
    if (this.closedInfo) return;
    this.closedInfo = info;
    this.stopKeepAlive();
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.socket.onmessage = null;
    // Keep a listener: `ws` throws on an 'error' event nobody listens to.
    this.socket.onerror = () => {};
    this.socket.onclose = null;
    const inFlight = [...this.inFlight.values()];
    const queued = this.queue;
    this.inFlight.clear();
    this.queue = [];
    this.droppedQueued = 0;
    for (const entry of [...inFlight, ...queued]) {
      if (entry.options?.whenDropped) entry.options.whenDropped = undefined;
      if (entry.settled) continue;
      entry.settled = true;
      if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
      entry.reject(this.closedError(entry.method, entry.sent));
    }
    this.options.onClose?.(info);
  }
}
