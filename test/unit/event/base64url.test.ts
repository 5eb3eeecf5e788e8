import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../../src/event/base64url.js';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('decodeBase64Url', () => {
  it('decodes UTF-8 (non-ASCII) with padding stripped', () => {
    for (const text of ['café ☕', '{"a":"ü"}', 'a', 'ab', 'abc', 'abcd', '😀 emoji', '']) {
      expect(decodeBase64Url(b64url(text))).toBe(text);
    }
  });

  it('restores - and _ and accepts existing padding or standard base64', () => {
    const text = '\u00fb\u00ff?>~'; // encodes to bytes giving + and / in standard base64
    const std = Buffer.from(text, 'utf8').toString('base64');
    expect(std).toMatch(/[+/]/);
    expect(decodeBase64Url(std)).toBe(text);
    expect(decodeBase64Url(b64url(text))).toBe(text);
    expect(decodeBase64Url('YQ==')).toBe('a');
  });

  it('returns null for invalid base64 or invalid UTF-8', () => {
    expect(decodeBase64Url('a')).toBeNull();
    expect(decodeBase64Url('ab$c')).toBeNull();
    expect(decodeBase64Url(Buffer.from([0xff, 0xfe]).toString('base64url'))).toBeNull();
  });
});

describe('encodeBase64Url', () => {
  it('matches Node base64url of the UTF-8 bytes', () => {
    for (const text of ['café ☕', '{"schema":"x"}', '\u00fb\u00ff?>~']) {
      expect(encodeBase64Url(text)).toBe(b64url(text));
      expect(decodeBase64Url(encodeBase64Url(text))).toBe(text);
    }
  });
});
