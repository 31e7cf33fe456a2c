import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/util/redact.js';

// The one redaction function: every log line and error message of the client passes through it.
describe('redact', () => {
  const apiKey = '7-Jx3nGd1vQk0rT9mZp2Lw8yS5aHc4eUf6oBi';

  it('masks secret-named keys at any depth, in arrays too', () => {
    const out = redact({
      method: 'auth.login_ex',
      params: [{ mechanism: 'API_KEY_PLAIN', username: 'admin', api_key: apiKey, login_options: { user_info: false } }],
      nested: { password: 'hunter22', token: 'abc', otp_token: '123456', keep: 'visible' },
      list: [{ passphrase: 'p' }],
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('123456');
    expect(out.params[0]?.username).toBe('admin');
    expect(out.nested.keep).toBe('visible');
    expect(out.nested.password).toBe(REDACTED);
    expect(out.list[0]?.passphrase).toBe(REDACTED);
  });

  it('scrubs API keys, auth headers, query tokens and JSON secrets inside free text', () => {
    const text = [
      `key ${apiKey} used`,
      'Authorization: Bearer abc.def-ghi',
      'GET /api/v2.0/core/get_jobs?id=4&auth_token=s3cr3tT0ken&x=1',
      '{"password": "p\\"w", "token":"tok-123"}',
      'password=letmein, other=1',
    ].join('\n');
    const out = redact(text);
    for (const secret of [apiKey, 'abc.def-ghi', 's3cr3tT0ken', 'p\\"w', 'tok-123', 'letmein']) expect(out).not.toContain(secret);
    expect(out).toContain('other=1');
    expect(out).toContain('id=4');
  });

  it('removes known secrets that match no pattern', () => {
    const out = redact('login failed for admin with correct-horse-battery', ['correct-horse-battery']);
    expect(out).toBe(`login failed for admin with ${REDACTED}`);
  });

  it('hides the proof of a SCRAM client-final message but keeps the nonce', () => {
    const out = redact({ rfc_str: 'c=biws,r=abcNONCE,p=cHJvb2Y=' });
    expect(out.rfc_str).toBe(`c=biws,r=abcNONCE,p=${REDACTED}`);
  });

  it('turns errors into name and redacted message, and survives cycles and byte arrays', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const out = redact({ error: new Error(`bad key ${apiKey}`), cyclic, bytes: new Uint8Array([1, 2, 3]) });
    expect(out.error).toEqual({ name: 'Error', message: `bad key ${REDACTED}` });
    expect((out.cyclic as Record<string, unknown>).self).toBe('[Circular]');
    expect(out.bytes).toBe(REDACTED);
  });

  it('leaves harmless values alone (job ids, boot ids, statuses)', () => {
    const value = { id: 412, boot_id: '5b1d7c2e-0f4a-4e53-9d0a-1c2b3d4e5f60', status: 'MASTER', percent: 30 };
    expect(redact(value)).toEqual(value);
  });
});
