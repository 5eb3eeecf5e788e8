import { createHmac } from 'node:crypto';

/** The claims of the access tokens the dev server issues (times in epoch seconds). */
export interface TokenClaims {
  /** The API key id the token was exchanged for. */
  sub: string;
  /** The organization id. */
  org: string;
  iat: number;
  exp: number;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };

/** A compact JWT (HS256) carrying `claims`, signed with `secret`. */
export function issueToken(claims: TokenClaims, secret: Buffer): string {
  const signingInput = `${encodeSegment(HEADER)}.${encodeSegment(claims)}`;
  return `${signingInput}.${signSegment(signingInput, secret)}`;
}

/** The base64url HMAC-SHA256 of a JWT's `header.payload`. */
export function signSegment(signingInput: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(signingInput, 'utf8').digest('base64url');
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
