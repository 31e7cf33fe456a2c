/**
 * The one redaction function. Every log line and every error message of the client passes through
 * it, so that no API key, password, token or SCRAM proof ever reaches a log or an exception text.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

// Keys whose values are secrets wherever they appear (request params, options, server replies).
const SECRET_KEYS = new Set(
  [
    'password',
    'api_key',
    'apikey',
    'key',
    'raw_key',
    'token',
    'otp',
    'otp_token',
    'reconnect_token',
    'secret',
    'passphrase',
    'client_key',
    'clientkey',
    'stored_key',
    'storedkey',
    'server_key',
    'serverkey',
    'authorization',
    'cookie',
    'private_key',
    'privatekey',
    'auth_token',
  ].map((k) => k.toLowerCase()),
);

// Patterns of secrets inside free text: TrueNAS API keys (`<id>-<64 alphanumerics>`), HTTP auth
// headers, `auth_token=` query parameters, JSON or key=value pairs whose key names a secret, and
// the proof of a SCRAM client-final message.
const TEXT_PATTERNS: [RegExp, string][] = [
  [/\b\d+-[A-Za-z0-9]{16,}\b/g, REDACTED],
  [/\b(Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  [/([?&]auth_token=)[^&\s"']+/g, `$1${REDACTED}`],
  [
    /("(?:password|api_?key|apiKey|token|otp_token|otp|reconnect_token|secret|passphrase|raw_key|client_key|stored_key|server_key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1"${REDACTED}"`,
  ],
  [/(\b(?:password|api_?key|token|secret|passphrase)=)[^\s,&]+/gi, `$1${REDACTED}`],
  [/(,p=)[A-Za-z0-9+/=]+/g, `$1${REDACTED}`],
];

function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Known secrets first: they may not match any pattern (a password is just a word).
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  for (const [re, replacement] of TEXT_PATTERNS) out = out.replace(re, replacement);
  return out;
}

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/**
 * Returns `value` with every secret replaced by `[REDACTED]`: strings are scrubbed by pattern and
 * against `secrets` (the exact credentials the client holds), objects and arrays are copied with
 * secret-named keys masked. Errors become `{ name, message }`. Cycles and depth are bounded.
 */
export function redact<T>(value: T, secrets: Iterable<string> = []): T {
  const known = [...secrets].filter((s) => typeof s === 'string' && s.length > 0).sort((a, b) => b.length - a.length);
  return walk(value, known, 0, new WeakSet()) as T;
}

function walk(value: unknown, secrets: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 8) return '[…]';
  seen.add(value);
  if (value instanceof Uint8Array) return REDACTED;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message, secrets) };
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k) && v !== null && v !== undefined && v !== '') out[k] = REDACTED;
    else if (k === 'rfc_str' && typeof v === 'string') out[k] = redactText(v, secrets).replace(/(^|,)p=[^,]*/, `$1p=${REDACTED}`);
    else out[k] = walk(v, secrets, depth + 1, seen);
  }
  return out;
}
