import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';

/** `GET /api/msc/v1/organizations/{org_id}/credentials/v3/token` (a trailing `/` is allowed). */
const TOKEN_PATH = /^\/api\/msc\/v1\/organizations\/([^/]+)\/credentials\/v3\/token\/?$/;

/** The organization id of a token-exchange path, or null for any other path. */
export function matchTokenPath(path: string): string | null {
  const match = TOKEN_PATH.exec(path);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    throw new HttpError(400, 'bad organization id in the path');
  }
}

/**
 * The Console's token exchange, as the Signals SDKs call it: headers `X-API-Key-Id` and `X-API-Key`
 * → `{"accessToken": "<JWT>"}`. A wrong organization, key id or key (or a missing header) → 401,
 * without saying which part was wrong.
 */
export function handleTokenExchange(req: IncomingMessage, res: ServerResponse, orgId: string, ctx: ServerContext): void {
  const apiKeyId = readHeader(req, 'x-api-key-id');
  const apiKey = readHeader(req, 'x-api-key');
  if (apiKeyId === null || apiKey === null) {
    throw new HttpError(401, 'Not authenticated: expected the X-API-Key-Id and X-API-Key headers');
  }
  const accessToken = ctx.auth.exchange(orgId, apiKeyId, apiKey);
  if (accessToken === null) throw new HttpError(401, 'Invalid API key');
  sendJson(res, 200, { accessToken });
}

function readHeader(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
