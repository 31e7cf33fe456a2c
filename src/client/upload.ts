/**
 * `client.upload(method, params, image)` on the WebSocket client: a job method that takes a file
 * (`failover.upgrade` with a manual update image) is called through TrueNAS's `POST /_upload` on
 * the controller the client is connected to, and the job it starts is followed like any other
 * (events, progress, `JobFailedError`, re-attached after a reconnect).
 *
 * The HTTP request authenticates with a single-use token from `auth.generate_token` on the
 * logged-in connection (bound to this client's address, 5 minutes), so the API key or password
 * never goes over HTTP; a session that may not create tokens falls back to the configured
 * credential. Like the WebSocket login, nothing secret goes over plain http:// to a host that is
 * not loopback unless `allowInsecure`.
 */
import type { Credentials } from '../auth/credentials.js';
import { CallError } from '../errors/call-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { ERRNO } from '../errors/errno.js';
import { InsecureTransportError } from '../errors/insecure-transport-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { apiDescription } from '../generated/index.js';
import type { JobHandle, JobOrigin } from '../jobs/job-handle.js';
import type { JobTracker } from '../jobs/job-tracker.js';
import { authorizationHeader } from '../transport/rest/authorization.js';
import type { HttpClient } from '../transport/rest/http.js';
import { imageSource, type UpdateImage } from '../transport/upload/image.js';
import { uploadCall } from '../transport/upload/upload-request.js';
import type { CallOptions } from '../types/call-options.js';
import { takesUpload } from '../util/input-pipes.js';
import { checkArguments } from '../validation/arguments.js';
import type { Answer } from './call-pipeline.js';
import type { Session } from './session.js';
import { uploadSignal } from './upload-signal.js';

export interface UploadHost {
  jobs: JobTracker;
  /** Waits for a ready connection (as `connect()`). */
  connect(options: CallOptions): Promise<void>;
  /** The client's own call on the ready connection; the answer says which connection answered. */
  call(method: string, params: unknown[], options: CallOptions): Promise<Answer>;
  credentials(): Credentials | undefined;
  allowInsecure: boolean;
  validate: 'args' | 'all' | 'off';
  http(): HttpClient;
  origin(session: Session | undefined): JobOrigin | undefined;
  defaultTimeout: number;
  /** Aborts when the client closes: an upload under way stops. */
  closed: AbortSignal;
}

// The token lives long enough to start the upload; the server checks it once, at the start.
const TOKEN_TTL_SECONDS = 300;

/** Checks what can be checked before anything is sent; a `TypeError` names the field. */
export function checkUploadCall(method: unknown, params: unknown, options: unknown): void {
  if (typeof method !== 'string' || method === '') throw new TypeError('upload: the method name must be a non-empty string');
  if (!Array.isArray(params)) throw new TypeError(`upload ${method}: params must be an array of positional arguments`);
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`upload ${method}: call options must be an object like { timeout, signal }`);
  }
}

/** The authorization of the upload: a single-use token, or the configured credential when tokens are refused. */
async function authorization(
  host: UploadHost,
  options: CallOptions,
): Promise<{ header: string | undefined; scheme: string | undefined; session: Session | undefined }> {
  const credentials = host.credentials();
  if (!credentials) {
    await host.connect(options);
    return { header: undefined, scheme: undefined, session: undefined };
  }
  try {
    const answer = await host.call('auth.generate_token', [TOKEN_TTL_SECONDS, {}, true, true], options);
    return { header: `Token ${String(answer.result)}`, scheme: 'Token', session: answer.session };
  } catch (error) {
    // Some sessions may not create tokens (a one-time password login): send the credential itself.
    if (!(error instanceof CallError) || error.errno !== ERRNO.ENOTSUP) throw error;
    const fallback = credentials.kind === 'api-key' && !credentials.raw ? undefined : authorizationHeader(credentials);
    if (!fallback) throw error;
    return { header: fallback.value, scheme: fallback.scheme, session: undefined };
  }
}

/** Starts `method` with `image` as its file; the returned `Job` is followed like any other. */
export function startUpload<T>(
  host: UploadHost,
  currentSession: () => Session | undefined,
  method: string,
  params: readonly unknown[],
  image: UpdateImage,
  options: CallOptions = {},
): JobHandle<T> {
  return host.jobs.startWith<T>(method, options, async () => {
    checkUploadCall(method, params, options);
    const bounded = uploadSignal(method, options);
    const signal = AbortSignal.any([bounded.signal, host.closed]);
    try {
      await host.connect({ timeout: options.timeout ?? host.defaultTimeout, signal: options.signal });
      const first = currentSession();
      if (first) checkSession(host, first, method, params);
      // Read the image's type (and, for a path, the file) before anything is sent.
      const source = await imageSource(image);
      const auth = await authorization(host, { timeout: options.timeout ?? host.defaultTimeout, signal });
      const session = auth.session ?? currentSession();
      if (!session)
        throw new ConnectionClosedError(`${method} was not sent: the connection closed before the upload could start.`, { method });
      // A reconnect in between (to another controller, maybe): the token belongs to this one.
      if (session !== first) checkSession(host, session, method, params);
      const id = await uploadCall({
        http: host.http(),
        httpBase: session.candidate.address.httpBase,
        authorization: auth.header,
        scheme: auth.scheme,
        method,
        params,
        image: source,
        signal,
      });
      return { id, origin: host.origin(session) };
    } finally {
      bounded.done();
    }
  });
}

/**
 * Before anything secret is sent: the upload must not put a credential on plain http:// to a host
 * that is not loopback, the method must take a file in the API version of `session`, and its
 * arguments must be valid.
 */
function checkSession(host: UploadHost, session: Session, method: string, params: readonly unknown[]): void {
  const address = session.candidate.address;
  if (host.credentials() && !address.secure && !address.loopback && !host.allowInsecure) {
    throw new InsecureTransportError(address.httpBase, 'upload token');
  }
  if (!takesUpload(session.version, method)) {
    throw new TypeError(`upload: ${method} does not take a file in API ${session.version} (failover.upgrade does)`);
  }
  const description = apiDescription(session.version).methods[method];
  if (!description || host.validate === 'off') return;
  const checked = checkArguments(description, params);
  if (!checked.ok) throw new ValidationError(method, checked.issues, 'client');
}
