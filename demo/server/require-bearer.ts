import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Checks `Authorization: Bearer <token>` (scheme case-insensitive).
 * @throws HttpError 401 when the header is missing, not a bearer, or carries another token.
 */
export function requireBearer(req: IncomingMessage, token: string): void {
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new HttpError(401, 'Not authenticated', CHALLENGE);
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new HttpError(401, 'Not authenticated: expected "Authorization: Bearer <token>"', CHALLENGE);
  if (match[1] !== token) throw new HttpError(401, 'Invalid token', CHALLENGE);
}
