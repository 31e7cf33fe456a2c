/**
 * REST v2.0 multipart calls (TrueNAS 25.x): a method that takes a file (`failover.upgrade`) also
 * accepts `multipart/form-data` with a `data` part (the JSON body, mapped to arguments as usual) and
 * a `file` part. TrueNAS's 400 texts for a malformed body; then the call as for a JSON body, with
 * the file streaming into the job; the answer (the bare job id) once the file has been read.
 */
import type { IncomingMessage } from 'node:http';
import type { MethodDescription } from '../../types/api-description.js';
import { Accounts, type Credential } from '../auth/accounts.js';
import { handlers } from '../methods/registry.js';
import { dispatch } from '../rpc/dispatch.js';
import { Session } from '../rpc/session.js';
import { parseWire } from '../rpc/wire-numbers.js';
import type { HttpRequestContext } from '../server/http-routes.js';
import { ImageReceiver } from '../upload/image.js';
import { MultipartError, MultipartReader, PartTooLargeError } from '../upload/multipart.js';
import { receiveImage } from '../upload/receive.js';
import type { Endpoint } from '../versions.js';
import { bodyArguments, RestBadRequest } from './arguments.js';
import { errorAnswer, type RestAnswer } from './responses.js';

const EINVAL = 22;
const TWO_PARTS = 'The method accepts multipart requests with two parts (`data` and `file`).';
const MAX_DATA_PART = 1024 * 1024;

const badRequest = (message: string): RestAnswer => ({ status: 400, json: { message, errno: EINVAL } });

async function call(
  reader: MultipartReader,
  ctx: HttpRequestContext,
  endpoint: Endpoint,
  method: MethodDescription,
  verb: string,
  credential: Credential,
): Promise<RestAnswer | null> {
  const first = await reader.next();
  if (first?.headers.name !== 'data') return badRequest(TWO_PARTS);
  let data: unknown;
  try {
    data = parseWire((await first.read(MAX_DATA_PART)).toString('utf8'));
  } catch (error) {
    if (error instanceof MultipartError || error instanceof PartTooLargeError) throw error;
    return badRequest(`\`data\` json parse error: ${(error as Error).message}`);
  }
  const file = await reader.next();
  if (file?.headers.name !== 'file') return badRequest(`${TWO_PARTS} \`file\` not found.`);
  let args: unknown[];
  try {
    args = bodyArguments(method, verb, { present: true, value: data });
  } catch (error) {
    if (error instanceof RestBadRequest) return { status: 400, json: error.body };
    throw error;
  }
  if (!Accounts.authorized(credential, method.roles)) return { status: 403 };
  const session = new Session(ctx.rt, ctx.node, endpoint, ctx.origin, null);
  session.credential = credential;
  const image = new ImageReceiver();
  const outcome = await dispatch(ctx.rt, handlers, session, method, args, undefined, image);
  if (outcome.kind === 'none') return null;
  if (outcome.kind === 'error') return errorAnswer(outcome.error, method.name);
  const received = await receiveImage(file, image, ctx.rt.uploadLimit);
  if (received === 'too-large') return { status: 413, text: `Maximum upload size ${ctx.rt.uploadLimit} bytes exceeded` };
  if (received === 'broken') throw new MultipartError('the file part was cut off');
  return { status: 200, json: outcome.kind === 'job' ? outcome.job.id : (outcome.value ?? null) };
}

/** Answers a multipart call of `method`; the credential was checked by the caller. */
export async function multipartAnswer(
  req: IncomingMessage,
  ctx: HttpRequestContext,
  endpoint: Endpoint,
  method: MethodDescription,
  boundary: string,
  credential: Credential,
): Promise<RestAnswer | null> {
  const reader = new MultipartReader(req, boundary);
  let result: RestAnswer | null;
  try {
    result = await call(reader, ctx, endpoint, method, (req.method ?? 'POST').toUpperCase(), credential);
  } catch (error) {
    if (!(error instanceof MultipartError) && !(error instanceof PartTooLargeError)) throw error;
    result = { status: 500, text: '500 Internal Server Error\n\nServer got itself in trouble' };
  }
  // Read what is left (for a while) so that a client still sending gets to see the answer; one that
  // goes on sending is cut off instead.
  if (!(await reader.drain(10_000))) {
    req.destroy();
    return null;
  }
  return result;
}
