/**
 * `POST /_upload` (every version): a method call that carries a file, as TrueNAS's file
 * application serves it. The multipart body is a `data` part (`{"method": …, "params": […]}`)
 * then a `file` part; the answer is `200 {"job_id": N}` once the file has been read. Checks and
 * answers in TrueNAS's order: parts (405), the JSON (400), `method` present (422), credentials
 * (400/401/403, as for REST), the `file` part (405), the method (422 ENOMETHOD, other call errors
 * 412), its roles (403), then the call. `failover.upgrade` validates its arguments inside the job,
 * so bad arguments make a failed job, not an HTTP error. The file streams into the job; beyond
 * the simulator's `uploadLimit` the answer is 413 and the job fails on the incomplete image.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { takesUpload } from '../../util/input-pipes.js';
import { Accounts, type Credential } from '../auth/accounts.js';
import { SimCallError } from '../errors.js';
import { InjectedRpcError } from '../faults.js';
import { handlers } from '../methods/registry.js';
import { authenticateRequest, RestRefusal } from '../rest/credentials.js';
import { dispatch } from '../rpc/dispatch.js';
import { Session } from '../rpc/session.js';
import { methodNotFound } from '../rpc/unknown-method.js';
import { parseWire } from '../rpc/wire-numbers.js';
import type { HttpRequestContext, HttpRoute } from '../server/http-routes.js';
import { methodOf } from '../versions.js';
import { ImageReceiver } from './image.js';
import { MultipartError, MultipartReader, multipartBoundary, PartTooLargeError } from './multipart.js';
import { receiveImage } from './receive.js';

// The `data` part is read whole; nothing sensible is larger.
const MAX_DATA_PART = 1024 * 1024;
// TrueNAS takes up to five files per call (`MAX_UPLOADED_FILES`).
const MAX_FILES = 5;
// How long the rest of a refused upload is read (and discarded) before the connection is dropped.
const DRAIN_MS = 10_000;
const SERVER_TROUBLE = '500 Internal Server Error\n\nServer got itself in trouble';

interface UploadAnswer {
  status: number;
  body: string;
  json?: boolean;
}

const text = (status: number, body = ''): UploadAnswer => ({ status, body });

/** Python's name for the type of a JSON value (`'str' object has no attribute 'id'`). */
function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** An error of the call itself: ENOMETHOD is 422, other call errors 412, anything else 500 (TrueNAS's mapping). */
function callFailure(error: unknown): UploadAnswer {
  if (error instanceof SimCallError) return text(error.errno === 201 ? 422 : 412, error.reason);
  if (error instanceof InjectedRpcError) return text(500, error.message);
  return text(500, error instanceof Error ? error.message : String(error));
}

/** Further `file` parts (TrueNAS passes them to the method as more input pipes; no failover method reads them). */
async function remainingParts(reader: MultipartReader, limit: number): Promise<UploadAnswer | null> {
  for (let i = 0; i < MAX_FILES - 1; i++) {
    const part = await reader.next();
    if (!part) return null;
    if (part.headers.name !== 'file') return text(405, `Unknown payload part '${part.headers.name ?? 'None'}'`);
    await part.pipe(() => {}, limit);
  }
  return (await reader.next()) ? text(405, 'Too many uploaded files') : null;
}

async function answer(req: IncomingMessage, reader: MultipartReader, ctx: HttpRequestContext): Promise<UploadAnswer | null> {
  const { rt } = ctx;
  const first = await reader.next();
  if (!first) return text(405, 'No part found on payload');
  if (first.headers.name !== 'data') return text(405, '"data" part must be the first on payload');
  let data: unknown;
  try {
    const raw = (await first.read(MAX_DATA_PART)).toString('utf8');
    data = parseWire(raw);
  } catch (error) {
    if (error instanceof PartTooLargeError) return text(413, error.message);
    if (error instanceof MultipartError) throw error;
    return text(400, (error as Error).message);
  }
  const request = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  if (!('method' in request)) return text(422);

  let credential: Credential | null;
  try {
    credential = await authenticateRequest(rt, ctx.node, req.headers.authorization, ctx.url, ctx.origin.address);
  } catch (error) {
    if (error instanceof RestRefusal) return text(error.status, error.text);
    throw error;
  }
  if (!credential) return text(401, '401: Unauthorized');

  const filePart = await reader.next();
  if (filePart?.headers.name !== 'file') return text(405, '"file" not found as second part on payload');

  const name = String(request.method);
  const endpoint = rt.release.endpoints.get(rt.release.apiVersion)!;
  const method = methodOf(endpoint, name);
  if (!method) return callFailure(methodNotFound(endpoint, name));
  if (!Accounts.authorized(credential, method.roles)) return text(403, '403: Forbidden');
  const params = request.params ?? [];
  if (!Array.isArray(params)) return text(412, '[EINVAL] params: expected a list of positional arguments');

  const session = new Session(rt, ctx.node, endpoint, ctx.origin, null);
  session.credential = credential;
  const image = new ImageReceiver();
  // A job method answers its id at once and checks its arguments when the job runs (bad ones fail the
  // job, not the upload); a method without an input pipe runs as usual, and TrueNAS then fails to read
  // a job id from a plain result.
  const outcome = await dispatch(
    rt,
    handlers,
    session,
    method,
    params,
    undefined,
    takesUpload(rt.release.apiVersion, method.name) ? image : undefined,
  );
  if (outcome.kind === 'none') return null;
  if (outcome.kind === 'error') return callFailure(outcome.error);
  if (outcome.kind === 'result') return text(500, `'${pythonType(outcome.value)}' object has no attribute 'id'`);
  const job = outcome.job;
  const received = await receiveImage(filePart, image, rt.uploadLimit);
  if (received === 'too-large') return text(413, `Maximum upload size ${rt.uploadLimit} bytes exceeded`);
  if (received === 'broken') return text(500, SERVER_TROUBLE);
  const more = await remainingParts(reader, rt.uploadLimit);
  if (more) return more;
  return { status: 200, body: JSON.stringify({ job_id: job.id }).replace(':', ': '), json: true };
}

function send(res: ServerResponse, result: UploadAnswer): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {
    'content-type': result.json ? 'application/json' : 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(result.body)),
  };
  res.writeHead(result.status, headers);
  res.end(result.body);
}

/** Reads and discards a body that is not multipart; false when it did not end within `ms`. */
function discard(req: IncomingMessage, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (req.complete) return resolve(true);
    const timer = setTimeout(() => finish(false), ms);
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(ended);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(req.complete);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.resume();
  });
}

/** `/_upload` (any path below it, any verb, as TrueNAS routes it). */
export const uploadRoute: HttpRoute = async (req, res, ctx) => {
  if (ctx.path !== '/_upload' && !ctx.path.startsWith('/_upload/')) return false;
  const boundary = multipartBoundary(req.headers['content-type']);
  const reader = boundary ? new MultipartReader(req, boundary) : null;
  let result: UploadAnswer | null;
  try {
    // aiohttp's `request.multipart()` raises on anything but multipart: an unhandled server error.
    result = reader ? await answer(req, reader, ctx) : text(500, SERVER_TROUBLE);
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    result = text(500, SERVER_TROUBLE);
  }
  if (!result) return true;
  const drain = () => (reader ? reader.drain(DRAIN_MS) : discard(req, DRAIN_MS));
  if (result.status === 413) {
    // Say so at once (a client still sending may read it), then read on for a while before hanging up.
    send(res, result);
    await drain();
  } else {
    // Read what is left (for a while) so that the client, still sending, gets to see the answer.
    await drain();
    send(res, result);
  }
  // Still sending after all that time: hang up.
  if (!req.complete) req.destroy();
  return true;
};
