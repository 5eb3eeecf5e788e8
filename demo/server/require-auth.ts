import type { IncomingMessage } from 'node:http';
import { checkBearer } from './require-bearer.js';
import type { ServerContext } from './server-context.js';

/**
 * Checks the bearer of a protected endpoint against this server only: its sandbox token or a JWT its
 * Console issued and that has not expired.
 * @throws HttpError 401 with `WWW-Authenticate: Bearer` otherwise.
 */
export function requireAuth(req: IncomingMessage, ctx: ServerContext): void {
  checkBearer(req, ctx.token, [ctx.auth.verify]);
}
