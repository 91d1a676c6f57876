import { describe, expect, it } from 'vitest';
import { redactHeaders, redactUrl, scrub } from '../src/redact.js';

describe('redactUrl', () => {
  it('redacts sign and signature query parameters, whatever their case, and nothing else', () => {
    expect(redactUrl('https://x.test/open/pp/logistics/a?timestamp=1&sign=ABC&x=sign')).toBe(
      'https://x.test/open/pp/logistics/a?timestamp=1&sign=[REDACTED]&x=sign',
    );
    expect(redactUrl('https://x.test/a?Signature=A%2BB#sign=frag')).toBe(
      'https://x.test/a?Signature=[REDACTED]#sign=frag',
    );
    expect(redactUrl('https://x.test/a?design=1&signs=2')).toBe(
      'https://x.test/a?design=1&signs=2',
    );
    expect(redactUrl('https://x.test/sign=1')).toBe('https://x.test/sign=1');
  });
});

describe('redactHeaders', () => {
  it('redacts credentials and secrets, masks the access key, shows the rest', () => {
    const headers = new Headers({
      'access-key': '58c0201dfdf148eca63cbf6bb5e7cf03',
      signature: 'SIG',
      cookie: 'a=b',
      'x-echo': 'has s3cret inside',
      'user-id': 'u1',
    });
    expect(redactHeaders(headers, ['s3cret', ''])).toEqual({
      'access-key': '58c0…cf03',
      signature: '[REDACTED]',
      cookie: '[REDACTED]',
      'x-echo': '[REDACTED]',
      'user-id': 'u1',
    });
    expect(redactHeaders(new Headers({ 'access-key': 'short' }), [])).toEqual({
      'access-key': '[REDACTED]',
    });
  });
});

describe('scrub', () => {
  it('replaces every occurrence of every non-empty secret', () => {
    expect(scrub('a s1 b s1 s2', ['s1', '', 's2'])).toBe('a [REDACTED] b [REDACTED] [REDACTED]');
  });
});
