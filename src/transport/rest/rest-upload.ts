/**
 * `client.upload()` on the REST client: the call and its file go to `POST /_upload` on the
 * controller in use, with the `Authorization` header every REST request carries (the connector
 * already refused to put it on plain http:// to a host that is not loopback). Arguments are
 * validated first; the job id it answers is then polled like any other job.
 */
import { checkUploadCall } from '../../client/upload.js';
import { uploadSignal } from '../../client/upload-signal.js';
import { ValidationError } from '../../errors/validation-error.js';
import { apiDescription } from '../../generated/index.js';
import type { JobOrigin } from '../../jobs/job-handle.js';
import type { CallOptions } from '../../types/call-options.js';
import { takesUpload } from '../../util/input-pipes.js';
import { checkArguments } from '../../validation/arguments.js';
import { imageSource, type UpdateImage } from '../upload/image.js';
import { uploadCall } from '../upload/upload-request.js';
import type { HttpClient } from './http.js';
import type { RestSession } from './rest-connector.js';

export interface RestUploadHost {
  /** The controller in use, found first when there is none. */
  session(signal: AbortSignal): Promise<RestSession>;
  /** Aborts when the client closes. */
  closed: AbortSignal;
  http: HttpClient;
  validate: 'args' | 'all' | 'off';
  origin(session: RestSession): JobOrigin | undefined;
}

export async function restUpload(
  host: RestUploadHost,
  method: string,
  params: readonly unknown[],
  image: UpdateImage,
  options: CallOptions,
): Promise<{ id: number; origin: JobOrigin | undefined }> {
  checkUploadCall(method, params, options);
  const bounded = uploadSignal(method, options);
  const signal = AbortSignal.any([bounded.signal, host.closed]);
  try {
    const session = await host.session(signal);
    if (!takesUpload(session.version, method)) {
      throw new TypeError(`upload: ${method} does not take a file in API ${session.version} (failover.upgrade does)`);
    }
    const known = apiDescription(session.version).methods[method];
    if (known && host.validate !== 'off') {
      const check = checkArguments(known, params);
      if (!check.ok) throw new ValidationError(method, check.issues, 'client');
    }
    const source = await imageSource(image);
    const authorization = session.transport.authorization;
    const id = await uploadCall({
      http: host.http,
      httpBase: session.transport.address.httpBase,
      authorization: authorization?.value,
      scheme: authorization?.scheme,
      method,
      params,
      image: source,
      signal,
    });
    return { id, origin: host.origin(session) };
  } finally {
    bounded.done();
  }
}
