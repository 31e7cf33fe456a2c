/**
 * TrueNAS's error for a method name it cannot find (`get_method`): a name without a dot is
 * EBADMSG "Invalid method name"; otherwise ENOMETHOD, naming the method when its service exists
 * and the service when it does not. The legacy protocol and `POST /_upload` report it as such
 * (JSON-RPC answers -32601 instead).
 */
import { ERRNO } from '../../errors/errno.js';
import { SimCallError } from '../errors.js';
import type { Endpoint } from '../versions.js';

export function methodNotFound(endpoint: Endpoint, name: string): SimCallError {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return new SimCallError('Invalid method name', ERRNO.EBADMSG);
  const service = name.slice(0, dot);
  const known = Object.keys(endpoint.description.methods).some((n) => n.startsWith(`${service}.`));
  return new SimCallError(
    known ? `Method '${name.slice(dot + 1)}' not found in '${service}'` : `Service '${service}' not found`,
    ERRNO.ENOMETHOD,
  );
}
