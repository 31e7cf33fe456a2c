/**
 * Multipart requests as any HTTP client sends them, for the upload tests (`POST /_upload` and REST
 * multipart): the body is built here by hand, independent of the project's own client, and sent
 * with `node:http`; large files are streamed in chunks. Every request is bounded in time.
 */
import { request } from 'node:http';

export interface FormPart {
  name: string;
  filename?: string;
  body: string | Uint8Array;
  /** Filler bytes appended to `body`, streamed in 64 KiB chunks (large uploads without large buffers). */
  padding?: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export const BOUNDARY = '----truenas-failover-test-boundary';

function partHeader(part: FormPart): string {
  const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
  const type = part.filename === undefined ? '' : '\r\nContent-Type: application/octet-stream';
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`;
}

/** Sends `parts` as multipart/form-data (or `raw` as is) and resolves with the answer. */
export function sendMultipart(
  url: string,
  options: { parts?: FormPart[]; raw?: string; headers?: Record<string, string>; contentType?: string; method?: string },
  timeoutMs = 20_000,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        headers: { 'content-type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}`, ...options.headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)));
    // The server may answer and close before the whole body is written: the answer is what counts.
    let answered = false;
    req.on('response', () => {
      answered = true;
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    void (async () => {
      try {
        if (options.raw !== undefined) {
          req.end(options.raw);
          return;
        }
        for (const part of options.parts ?? []) {
          if (!req.write(partHeader(part))) await drained(req);
          if (!req.write(part.body)) await drained(req);
          let left = part.padding ?? 0;
          const filler = Buffer.alloc(64 * 1024, 0x2e);
          while (left > 0 && !req.destroyed) {
            const n = Math.min(left, filler.length);
            left -= n;
            if (!req.write(filler.subarray(0, n))) await drained(req);
          }
          if (!req.write('\r\n')) await drained(req);
        }
        req.end(`--${BOUNDARY}--\r\n`);
      } catch {
        // the server ended the request early; its answer (or the error) settles the promise
      }
    })();
  });
}

function drained(req: ReturnType<typeof request>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(new Error('request destroyed'));
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

/** The `data` part of `POST /_upload`. */
export function dataPart(method: string, params: unknown[] = []): FormPart {
  return { name: 'data', body: JSON.stringify({ method, params }) };
}

/** A `file` part. */
export function filePart(body: string | Uint8Array, padding = 0): FormPart {
  return { name: 'file', filename: 'updatefile.sqsh', body, padding };
}

export function bearer(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}
