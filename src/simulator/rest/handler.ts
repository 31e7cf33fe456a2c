/**
 * REST `/api/v2.0` of a controller, for servers whose API is older than v26.0.0 (TrueNAS 26
 * removed REST; there every `/api/v2.0` path answers 404). Each request is routed by the schema's
 * REST routes, authenticated on its own, turned into positional arguments, and run through the
 * same `dispatch()` as WebSocket calls, on the same pair: what REST changes, WebSocket sees.
 *
 * Order of checks, as on TrueNAS: route (404/405), credentials (400/401/403), body and arguments
 * (400), authorisation (403 without a body), then the call (200, 404, 422, 500).
 */
import type { IncomingMessage } from 'node:http';
import { takesUpload } from '../../util/input-pipes.js';
import { Accounts, type Credential } from '../auth/accounts.js';
import { handlers } from '../methods/registry.js';
import { dispatch } from '../rpc/dispatch.js';
import { Session } from '../rpc/session.js';
import type { HttpRequestContext, HttpRoute } from '../server/http-routes.js';
import { multipartBoundary } from '../upload/multipart.js';
import { bodyArguments, filterableArguments, parseBody, RestBadRequest } from './arguments.js';
import { authenticateRequest, RestRefusal } from './credentials.js';
import { multipartAnswer } from './multipart.js';
import { openApiDocument } from './openapi.js';
import { errorAnswer, plain, type RestAnswer, sendAnswer } from './responses.js';
import { type HttpVerb, isFilterable, resourceFor, routeTable } from './routes.js';

const PREFIX = '/api/v2.0';
// aiohttp's default `client_max_size`.
const MAX_BODY = 1024 * 1024;

class BodyTooLarge extends Error {}

/** Reads the request body as text; settles when the request ends, fails or the controller drops it. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(`Maximum request body size ${MAX_BODY} exceeded, actual body size ${size}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => reject(new Error('request closed before its body arrived')));
  });
}

/** The credential of a request that must carry one, or the refusal to answer with. */
async function requestCredential(req: IncomingMessage, ctx: HttpRequestContext): Promise<Credential | RestAnswer> {
  try {
    const credential = await authenticateRequest(ctx.rt, ctx.node, req.headers.authorization, ctx.url, ctx.origin.address);
    return credential ?? plain(401, 'Unauthorized');
  } catch (error) {
    if (error instanceof RestRefusal) return { status: error.status, text: error.text };
    throw error;
  }
}

/** The answer to one `/api/v2.0` request, or null when the controller never answers (it rebooted). */
async function answer(req: IncomingMessage, ctx: HttpRequestContext): Promise<RestAnswer | null> {
  const { rt } = ctx;
  const endpoint = rt.release.endpoints.get(rt.release.apiVersion)!;
  const description = endpoint.description;
  if (!description.rest) return plain(404, 'Not Found');
  const verb = (req.method ?? 'GET').toUpperCase();
  const relative = ctx.path.slice(PREFIX.length);

  if (relative === '' || relative === '/' || relative === '/openapi.json') {
    if (verb !== 'GET') return plain(405, 'Method Not Allowed', { allow: 'GET' });
    const origin = `${ctx.origin.tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
    return { status: 200, json: await openApiDocument(description, origin) };
  }

  const resource = resourceFor(routeTable(description), relative);
  if (!resource) return plain(404, 'Not Found');
  const method = resource.operations.get(verb as HttpVerb);
  if (!method) return plain(405, 'Method Not Allowed', { allow: [...resource.operations.keys()].join(',') });

  const boundary = takesUpload(rt.release.apiVersion, method.name) ? multipartBoundary(req.headers['content-type']) : null;
  if (boundary) {
    const credential = await requestCredential(req, ctx);
    if ('status' in credential) return credential;
    return multipartAnswer(req, ctx, endpoint, method, boundary, credential);
  }

  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) return { status: 413, text: error.message };
    throw error;
  }

  let credential: Credential | null;
  try {
    credential = await authenticateRequest(rt, ctx.node, req.headers.authorization, ctx.url, ctx.origin.address);
  } catch (error) {
    if (error instanceof RestRefusal) return { status: error.status, text: error.text };
    throw error;
  }
  if (!method.noAuth && !credential) return plain(401, 'Unauthorized');

  let args: unknown[];
  try {
    const body = parseBody(text);
    args = isFilterable(verb as HttpVerb, method) ? filterableArguments(ctx.url.searchParams) : [];
    if (args.length === 0) args = bodyArguments(method, verb, body);
  } catch (error) {
    if (error instanceof RestBadRequest) return { status: 400, json: error.body };
    throw error;
  }

  // A method without authentication is open to anyone; otherwise the roles decide (403, no body).
  if (!method.noAuth && credential && !Accounts.authorized(credential, method.roles)) return { status: 403 };

  const session = new Session(rt, ctx.node, endpoint, ctx.origin, null);
  session.credential = credential;
  const outcome = await dispatch(rt, handlers, session, method, args, undefined);
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'result':
      return { status: 200, json: outcome.value ?? null };
    case 'job':
      return { status: 200, json: outcome.job.id };
    case 'error':
      return errorAnswer(outcome.error, method.name);
  }
}

/** The route every controller tries first; it claims every path under `/api/v2.0`. */
export const restRoute: HttpRoute = async (req, res, ctx) => {
  if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return false;
  const result = await answer(req, ctx);
  if (result && !res.headersSent && !res.destroyed) sendAnswer(res, result);
  return true;
};
