/**
 * `client.upload(method, params, image)`: a job method that takes a file (`failover.upgrade` with
 * a manual update image) is called through TrueNAS's `POST /_upload` on the controller the client
 * uses, and the job it starts is followed like any other (progress, `JobFailedError`, lost after a
 * failover).
 *
 * Authorization: a REST connection sends the credential it sends with every request. A WebSocket
 * connection asks for a single-use token (`auth.generate_token`, bound to this client's address,
 * 5 minutes), so the API key or password never goes over HTTP; a session that may not create
 * tokens falls back to the configured credential. Nothing secret goes over plain http:// to a host
 * that is not loopback unless `allowInsecure`.
 */
import type { Credentials } from '../auth/credentials.js';
import { CallError } from '../errors/call-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { ERRNO } from '../errors/errno.js';
import { InsecureTransportError } from '../errors/insecure-transport-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { JobOrigin } from '../jobs/job-handle.js';
import { type AuthorizationHeader, authorizationHeader } from '../transport/authorization.js';
import type { Connection } from '../transport/connection.js';
import type { HttpClient } from '../transport/http.js';
import { imageSource, type UpdateImage } from '../transport/upload/image.js';
import { uploadCall } from '../transport/upload/upload-request.js';
import type { MethodDescription } from '../types/api-description.js';
import type { LegacyArgumentsCheck } from '../types/api-registry.js';
import type { CallOptions } from '../types/call-options.js';
import { checkArgumentsWith } from '../validation/arguments.js';
import type { Answer } from './call-pipeline.js';
import { uploadSignal } from './upload-signal.js';

export interface UploadHost {
  /** Waits for a ready connection (as `connect()`) and returns it. */
  ready(options: CallOptions): Promise<Connection>;
  /** The client's own call; the answer says which connection answered. */
  call(method: string, params: unknown[], options: CallOptions): Promise<Answer>;
  credentials(): Credentials | undefined;
  /** The method in API `version`, if that version is known. */
  method(version: string, name: string): MethodDescription | undefined;
  /** The 25.04 argument layer, when the client's entry carries it. */
  legacyArguments: LegacyArgumentsCheck | undefined;
  allowInsecure: boolean;
  validate: 'args' | 'all' | 'off';
  http: HttpClient;
  origin(connection: Connection | undefined): JobOrigin | undefined;
  defaultTimeout: number;
  /** Aborts when the client closes: an upload under way stops. */
  closed: AbortSignal;
}

// The token lives long enough to start the upload; the server checks it once, at the start.
const TOKEN_TTL_SECONDS = 300;

/** Checks what can be checked before anything is sent; a `TypeError` names the field. */
function checkUploadCall(method: unknown, params: unknown, options: unknown): void {
  if (typeof method !== 'string' || method === '') throw new TypeError('upload: the method name must be a non-empty string');
  if (!Array.isArray(params)) throw new TypeError(`upload ${method}: params must be an array of positional arguments`);
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`upload ${method}: call options must be an object like { timeout, signal }`);
  }
}

/** A single-use token from the connection's session, or the configured credential when tokens are refused. */
async function token(
  host: UploadHost,
  credentials: Credentials,
  options: CallOptions,
): Promise<{ header: AuthorizationHeader; connection: Connection | undefined }> {
  try {
    const answer = await host.call('auth.generate_token', [TOKEN_TTL_SECONDS, {}, true, true], options);
    return { header: { scheme: 'Token', value: `Token ${String(answer.result)}` }, connection: answer.connection };
  } catch (error) {
    // Some sessions may not create tokens (a one-time password login): send the credential itself.
    if (!(error instanceof CallError) || error.errno !== ERRNO.ENOTSUP) throw error;
    const fallback = credentials.kind === 'api-key' && !credentials.raw ? undefined : authorizationHeader(credentials);
    if (!fallback) throw error;
    return { header: fallback, connection: undefined };
  }
}

/** What `begin` of the job tracker runs: the upload, answering the job id. */
export async function upload(
  host: UploadHost,
  method: string,
  params: readonly unknown[],
  image: UpdateImage,
  options: CallOptions = {},
): Promise<{ id: number; origin: JobOrigin | undefined }> {
  checkUploadCall(method, params, options);
  const bounded = uploadSignal(method, options);
  const signal = AbortSignal.any([bounded.signal, host.closed]);
  try {
    const first = await host.ready({ timeout: options.timeout ?? host.defaultTimeout, signal: options.signal });
    checkConnection(host, first, method, params);
    // Read the image's type (and, for a path, the file) before anything is sent.
    const source = await imageSource(image);
    const credentials = host.credentials();
    let connection: Connection | undefined = first;
    let authorization = first.authorization;
    if (!authorization && credentials) {
      const answer = await token(host, credentials, { timeout: options.timeout ?? host.defaultTimeout, signal });
      authorization = answer.header;
      connection = answer.connection ?? (first.open ? first : undefined);
    }
    if (!connection?.open)
      throw new ConnectionClosedError(`${method} was not sent: the connection closed before the upload could start.`, { method });
    // A reconnect in between (to another controller, maybe): the token belongs to that one.
    if (connection !== first) checkConnection(host, connection, method, params);
    const id = await uploadCall({
      http: host.http,
      httpBase: connection.address.httpBase,
      authorization: authorization?.value,
      scheme: authorization?.scheme,
      method,
      params,
      image: source,
      signal,
    });
    return { id, origin: host.origin(connection) };
  } finally {
    bounded.done();
  }
}

/**
 * Before anything secret is sent: the upload must not put a credential on plain http:// to a host
 * that is not loopback, the method must take a file in the API version of `connection`, and its
 * arguments must be valid.
 */
function checkConnection(host: UploadHost, connection: Connection, method: string, params: readonly unknown[]): void {
  const address = connection.address;
  if (host.credentials() && !address.secure && !address.loopback && !host.allowInsecure) {
    throw new InsecureTransportError(address.httpBase, 'upload token');
  }
  const description = host.method(connection.version, method);
  if (description?.inputPipes !== true) {
    throw new TypeError(`upload: ${method} does not take a file in API ${connection.version} (failover.upgrade does)`);
  }
  if (host.validate === 'off') return;
  const checked = checkArgumentsWith(description, params, host.legacyArguments);
  if (!checked.ok) throw new ValidationError(method, checked.issues, 'client');
}
