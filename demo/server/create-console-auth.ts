import { randomBytes } from 'node:crypto';
import { issueToken } from './issue-token.js';
import { safeEqual } from './safe-equal.js';
import { verifyToken, type TokenCheck } from './verify-token.js';

export interface ConsoleAuthOptions {
  orgId: string;
  apiKeyId: string;
  apiKey: string;
  /** Lifetime of the access tokens issued, ms. */
  tokenTtlMs: number;
  /** The server's clock, epoch ms. */
  now: () => number;
}

/** The Console's part of the dev server: API key → access token, and the check of those tokens. */
export interface ConsoleAuth {
  readonly orgId: string;
  /** A JWT for these credentials, or null when the org, key id or key is not this server's. */
  exchange(orgId: string, apiKeyId: string, apiKey: string): string | null;
  /** Checks a bearer that is not the sandbox token: a JWT this server issued, unexpired at the server's now. */
  verify(token: string): TokenCheck;
}

/**
 * The Console of one dev server: one organization with one API key. Tokens are HS256 JWTs signed with a
 * secret drawn when the server starts (so they die with it), with claims `sub` (the key id), `org`,
 * `iat` and `exp` (epoch seconds, `iat` + the lifetime).
 */
export function createConsoleAuth(options: ConsoleAuthOptions): ConsoleAuth {
  const secret = randomBytes(32);
  const ttlSeconds = Math.max(1, Math.round(options.tokenTtlMs / 1000));
  const nowSeconds = () => Math.floor(options.now() / 1000);
  return {
    orgId: options.orgId,
    exchange(orgId, apiKeyId, apiKey) {
      // Each comparison runs, so the time taken does not tell which part was wrong.
      const matches = [safeEqual(orgId, options.orgId), safeEqual(apiKeyId, options.apiKeyId), safeEqual(apiKey, options.apiKey)];
      if (matches.includes(false)) return null;
      const iat = nowSeconds();
      return issueToken({ sub: apiKeyId, org: orgId, iat, exp: iat + ttlSeconds }, secret);
    },
    verify: (token) => verifyToken(token, secret, options.orgId, nowSeconds()),
  };
}
