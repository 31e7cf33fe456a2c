/**
 * Plain HTTP routes of a controller (`GET /api/versions`, `GET /api/boot_id`), and the hook other
 * HTTP modules (REST `/api/v2.0`) plug into: a route sees every non-WebSocket request first and
 * answers `true` when it handled it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeLetter } from '../pair/types.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';
import type { Origin } from '../rpc/session.js';

export interface HttpRequestContext {
  readonly rt: SimulatorRuntime;
  /** The controller that received the request. */
  readonly node: NodeLetter;
  readonly origin: Origin;
  /** Path without query string. */
  readonly path: string;
  readonly url: URL;
}

/** Handles a request and returns true, or returns false to let the next route try. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, ctx: HttpRequestContext) => boolean | Promise<boolean>;

/** Routes added by other HTTP modules (REST), tried before the built-in ones on every controller. */
export const httpRoutes: HttpRoute[] = [];

/** Adds a route to every controller started afterwards. */
export function registerHttpRoute(route: HttpRoute): void {
  if (!httpRoutes.includes(route)) httpRoutes.push(route);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** `/api/versions` and (25.10+) `/api/boot_id`. */
export const apiInfoRoute: HttpRoute = (req, res, ctx) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (ctx.path === '/api/versions') {
    sendJson(res, 200, ctx.rt.release.listedVersions);
    return true;
  }
  if (ctx.path === '/api/boot_id' && ctx.rt.release.bootIdEndpoint) {
    sendJson(res, 200, ctx.rt.pair.controller(ctx.node).bootId);
    return true;
  }
  return false;
};
