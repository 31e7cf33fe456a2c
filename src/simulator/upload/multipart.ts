/**
 * A streaming `multipart/form-data` reader for the simulator's uploads (`POST /_upload`, REST
 * multipart): parts are read one after the other, straight off the request, the way aiohttp's
 * `MultipartReader` hands them to TrueNAS. Nothing is buffered beyond one network chunk plus a
 * delimiter: a part's body is either read whole up to a stated bound (the small `data` part) or
 * passed on chunk by chunk (the image), so an upload of any size costs constant memory.
 */
import type { Readable } from 'node:stream';

/** The body is not well-formed multipart (TrueNAS answers such bodies with a server error). */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** A part (or the whole body) is larger than the bound it was read with. */
export class PartTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly size: number,
  ) {
    super(`Maximum upload size ${limit} bytes exceeded, actual size at least ${size}`);
    this.name = 'PartTooLargeError';
  }
}

export interface PartHeaders {
  /** `name` of the `Content-Disposition: form-data` header, or null. */
  name: string | null;
  filename: string | null;
  contentType: string | null;
}

// Header blocks beyond this are not a form part anyone sends.
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/*` content type, or null when the type is not multipart. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  return boundary && boundary.length <= 70 ? boundary : null;
}

function parseHeaders(block: string): PartHeaders {
  const headers: PartHeaders = { name: null, filename: null, contentType: null };
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') headers.contentType = value;
    if (key !== 'content-disposition') continue;
    for (const param of value.split(';').slice(1)) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const k = param.slice(0, eq).trim().toLowerCase();
      let v = param.slice(eq + 1).trim();
      if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
      if (k === 'name') headers.name = v;
      if (k === 'filename') headers.filename = v;
    }
  }
  return headers;
}

/** One part: its headers, and its body to be read once (whole, or streamed). */
export interface Part {
  readonly headers: PartHeaders;
  /** Reads the whole body; throws `PartTooLargeError` beyond `limit` bytes. */
  read(limit: number): Promise<Buffer>;
  /** Passes the body on chunk by chunk; resolves with its size. Throws `PartTooLargeError` beyond `limit`. */
  pipe(onChunk: (chunk: Buffer) => void, limit: number): Promise<number>;
}

export class MultipartReader {
  private readonly iterator: AsyncIterator<Buffer>;
  // The delimiter is CRLF + "--" + boundary; the first one has no CRLF in front, so one is assumed.
  private buffer: Buffer = CRLF;
  private readonly delimiter: Buffer;
  private ended = false;
  private started = false;
  private finished = false;
  /** Reads the rest of the previous part when its body was not consumed. */
  private openDrain: (() => Promise<unknown>) | null = null;
  /** Bytes read off the request so far. */
  received = 0;

  constructor(source: Readable, boundary: string) {
    this.iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  /** The next part, or null after the closing delimiter. */
  async next(): Promise<Part | null> {
    if (this.openDrain) await this.openDrain();
    if (this.finished) return null;
    if (!this.started) {
      this.started = true;
      // Skip the preamble up to the first delimiter.
      await this.skipTo(this.delimiter);
    }
    // After a delimiter: "--" closes the body, CRLF starts a part.
    await this.want(2);
    if (this.buffer.subarray(0, 2).toString('latin1') === '--') {
      this.finished = true;
      return null;
    }
    const lineEnd = await this.find(CRLF, MAX_HEADER_BYTES);
    // Transport padding (spaces, tabs) may follow the delimiter before the CRLF.
    if (this.buffer.subarray(0, lineEnd).toString('latin1').trim() !== '') throw new MultipartError('malformed delimiter line');
    this.buffer = this.buffer.subarray(lineEnd + 2);
    let headers: PartHeaders;
    await this.want(2);
    if (this.buffer.subarray(0, 2).equals(CRLF)) {
      // A part without headers.
      headers = { name: null, filename: null, contentType: null };
      this.buffer = this.buffer.subarray(2);
    } else {
      const end = await this.find(HEADER_END, MAX_HEADER_BYTES);
      headers = parseHeaders(this.buffer.subarray(0, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4);
    }
    let consumed = false;
    const take = (onChunk: (chunk: Buffer) => void, limit: number): Promise<number> => {
      if (consumed) throw new Error('a multipart part can be read only once');
      consumed = true;
      this.openDrain = null;
      return this.body(onChunk, limit);
    };
    this.openDrain = () => take(() => {}, Number.POSITIVE_INFINITY);
    return {
      headers,
      read: async (limit) => {
        const chunks: Buffer[] = [];
        await take((c) => chunks.push(c), limit);
        return Buffer.concat(chunks);
      },
      pipe: take,
    };
  }

  /**
   * Reads and discards the rest of the request, e.g. before or after answering an error, so that
   * the connection ends cleanly. Gives up after `timeoutMs`; resolves whether the request ended.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      while (!this.ended) {
        this.buffer = Buffer.alloc(0);
        const next = this.pull();
        // A read still pending when the time is up fails later, when the caller hangs up.
        next.catch(() => {});
        if ((await Promise.race([next, timeout])) === 'timeout') return false;
      }
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Streams the current part's body up to the next delimiter. */
  private async body(onChunk: (chunk: Buffer) => void, limit: number): Promise<number> {
    let size = 0;
    const emit = (chunk: Buffer) => {
      if (chunk.length === 0) return;
      size += chunk.length;
      if (size > limit) throw new PartTooLargeError(limit, size);
      onChunk(chunk);
    };
    for (;;) {
      const at = this.buffer.indexOf(this.delimiter);
      if (at >= 0) {
        emit(this.buffer.subarray(0, at));
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        return size;
      }
      // Everything but a possible delimiter prefix at the end can go.
      const keep = Math.min(this.buffer.length, this.delimiter.length - 1);
      emit(this.buffer.subarray(0, this.buffer.length - keep));
      this.buffer = Buffer.from(this.buffer.subarray(this.buffer.length - keep));
      if (!(await this.pull())) throw new MultipartError('the body ended inside a part');
    }
  }

  /** Drops everything up to and including `marker`. */
  private async skipTo(marker: Buffer): Promise<void> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) {
        this.buffer = this.buffer.subarray(at + marker.length);
        return;
      }
      this.buffer = Buffer.from(this.buffer.subarray(Math.max(0, this.buffer.length - marker.length + 1)));
      if (this.received > MAX_HEADER_BYTES) throw new MultipartError('no multipart delimiter found');
      if (!(await this.pull())) throw new MultipartError('no multipart delimiter found');
    }
  }

  /** Index of `marker` in the buffer, reading more as needed, within `limit` bytes. */
  private async find(marker: Buffer, limit: number): Promise<number> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0 && at <= limit) return at;
      if (this.buffer.length > limit) throw new MultipartError('part headers too long');
      if (!(await this.pull())) throw new MultipartError('the body ended inside part headers');
    }
  }

  private async want(bytes: number): Promise<void> {
    while (this.buffer.length < bytes) if (!(await this.pull())) throw new MultipartError('the body ended early');
  }

  /** One more chunk off the request; false at its end. */
  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.iterator.next();
    } catch {
      this.ended = true;
      throw new MultipartError('the request was cut off');
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    this.received += chunk.length;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return true;
  }
}
