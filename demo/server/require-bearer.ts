import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';
import { safeEqual } from './safe-equal.js';
import type { TokenCheck } from './verify-token.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

type Verifier = (token: string) => TokenCheck;

/** Verifiers of the running servers' issued tokens, by the sandbox token of their server. */
const verifiers = new Map<string, Set<Verifier>>();

/**
 * Makes `requireBearer(req, token)` accept the tokens `verify` accepts too (each dev server registers
 * the check of the JWTs it issues under its sandbox token). Returns the function that undoes it.
 */
export function registerTokenVerifier(token: string, verify: Verifier): () => void {
  let set = verifiers.get(token);
  if (set === undefined) verifiers.set(token, (set = new Set()));
  set.add(verify);
  return () => {
    set.delete(verify);
    if (set.size === 0 && verifiers.get(token) === set) verifiers.delete(token);
  };
}

/**
 * Checks `Authorization: Bearer <token>` (scheme case-insensitive): the sandbox `token`, or an access
 * token issued by the Console of a server whose sandbox token is `token` (see `registerTokenVerifier`).
 * @throws HttpError 401 with `WWW-Authenticate: Bearer` when the header is missing, not a bearer, or
 * carries anything else (an expired token says so). The token is never part of the message.
 */
export function requireBearer(req: IncomingMessage, token: string): void {
  checkBearer(req, token, [...(verifiers.get(token) ?? [])]);
}

/** The same check with the sandbox token and token check given directly. */
export function checkBearer(req: IncomingMessage, token: string, verify: readonly Verifier[]): void {
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new HttpError(401, 'Not authenticated', CHALLENGE);
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new HttpError(401, 'Not authenticated: expected "Authorization: Bearer <token>"', CHALLENGE);
  const given = match[1]!;
  if (safeEqual(given, token)) return;
  let expired = false;
  for (const check of verify) {
    const result = check(given);
    if (result.ok) return;
    if (result.reason === 'expired') expired = true;
  }
  throw new HttpError(401, expired ? 'Token expired' : 'Invalid token', CHALLENGE);
}
