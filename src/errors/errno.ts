/**
 * Error numbers TrueNAS puts in `error.data.error`, with their names (`errname`). POSIX values as
 * on Linux, plus TrueNAS's own 201–210.
 */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EINVAL: 22,
  EBADMSG: 74,
  ENOTSUP: 95,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ETOOMANYREFS: 109,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  ENOMETHOD: 201,
  ESERVICESTARTFAILURE: 202,
  EALERTCHECKERUNAVAILABLE: 203,
  EREMOTENODEERROR: 204,
  EDATASETISLOCKED: 205,
  EINVALIDRRDTIMESTAMP: 206,
  ENOTAUTHENTICATED: 207,
  ESSLCERTVERIFICATIONERROR: 208,
  EREBOOTREQUIRED: 209,
  EHAUNAVAILABLE: 210,
} as const;

export type ErrnoName = keyof typeof ERRNO;

const NAMES = new Map<number, string>(Object.entries(ERRNO).map(([name, code]) => [code, name]));
// Linux spells 95 EOPNOTSUPP as well; TrueNAS's Python reports ENOTSUP.

/** The symbolic name TrueNAS gives an errno (`EUNKNOWN` when it has none). */
export function errnoName(code: number): string {
  return NAMES.get(code) ?? 'EUNKNOWN';
}

/** Errnos the server uses when the peer controller cannot be reached. */
export const NETWORK_ERRNOS: ReadonlySet<number> = new Set([
  ERRNO.ECONNABORTED,
  ERRNO.ECONNRESET,
  ERRNO.ETIMEDOUT,
  ERRNO.ECONNREFUSED,
  ERRNO.EHOSTDOWN,
  ERRNO.EHOSTUNREACH,
]);
