import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';
import { safeEqual } from './safe-equal.js';
import type { ServerContext } from './server-context.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Checks `Authorization: Bearer <token>` (scheme case-insensitive) of a protected endpoint against this
 * server only: its sandbox token, or a JWT its Console issued and that has not expired.
 * @throws HttpError 401 with `WWW-Authenticate: Bearer` when the header is missing, not a bearer, or
 * carries anything else (an expired token says so). The token is never part of the message.
 */
export function requireAuth(req: IncomingMessage, ctx: ServerContext): void {
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new HttpError(401, 'Not authenticated', CHALLENGE);
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new HttpError(401, 'Not authenticated: expected "Authorization: Bearer <token>"', CHALLENGE);
  const given = match[1]!;
  if (safeEqual(given, ctx.token)) return;
  const result = ctx.auth.verify(given);
  if (result.ok) return;
  throw new HttpError(401, result.reason === 'expired' ? 'Token expired' : 'Invalid token', CHALLENGE);
}
