import type { IncomingMessage, ServerResponse } from 'node:http';
import { compileBundle } from '../../src/plan/compile-bundle.js';
import type { SignalsEdgePlan } from '../../src/plan/plan-format.js';
import { answerPreflight, setCorsHeaders } from './cors.js';
import { handleCollector } from './handle-collector.js';
import { handleEnginesPublish } from './handle-engines-publish.js';
import { handleGetOnlineAttributes } from './handle-get-online-attributes.js';
import { handleInterventionPush } from './handle-intervention-push.js';
import { handleInterventionsStream } from './handle-interventions-stream.js';
import { handleTokenExchange, matchTokenPath } from './handle-token-exchange.js';
import { REGISTRY_PREFIX, handleRegistry } from './handle-registry.js';
import { handleTesting } from './handle-testing.js';
import { HttpError } from './http-error.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';

/** Methods each fixed path answers (besides `OPTIONS`, answered everywhere). */
const ROUTES: Record<string, readonly string[]> = {
  '/com.snowplowanalytics.snowplow/tp2': ['POST'],
  '/i': ['GET'],
  '/api/v1/get-online-attributes': ['POST'],
  '/api/v1/interventions': ['GET', 'POST'],
  '/api/v1/engines/publish': ['POST'],
  '/api/v1/engines/unpublish': ['POST'],
  '/api/v1/testing/attribute_groups': ['POST'],
  '/api/v1/testing/attribute_groups/': ['POST'],
  '/definitions.json': ['GET'],
  '/plan.json': ['GET'],
};

/**
 * Answers one request: CORS and `Date` (from the server's clock) on every response, preflights,
 * then the endpoint. Errors become JSON `{"detail": …}` answers (HttpError with its status, anything
 * else 500 and a log line); the server never crashes on a request.
 */
export async function routeRequest(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  try {
    res.setHeader('Date', new Date(ctx.now()).toUTCString());
    res.setHeader('Cache-Control', 'no-store');
    setCorsHeaders(req, res);
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    await dispatch(req, res, readUrl(req), ctx);
  } catch (error) {
    if (error instanceof HttpError) {
      if (!res.headersSent) sendJson(res, error.status, { detail: error.detail }, error.headers);
      else res.end();
      return;
    }
    ctx.log(`dev-server: ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (!res.headersSent) sendJson(res, 500, { detail: 'Internal Server Error' });
    else res.destroy();
  }
}

async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path.startsWith(REGISTRY_PREFIX) || path === REGISTRY_PREFIX.slice(0, -1)) {
    return handleRegistry(req, res, url, ctx);
  }
  const orgId = matchTokenPath(path);
  if (orgId !== null) {
    if (method !== 'GET') throw methodNotAllowed(['GET']);
    return handleTokenExchange(req, res, orgId, ctx);
  }
  const methods = ROUTES[path];
  if (methods === undefined || !Object.hasOwn(ROUTES, path)) throw new HttpError(404, 'Not Found');
  if (!methods.includes(method)) throw methodNotAllowed(methods);
  switch (path) {
    case '/com.snowplowanalytics.snowplow/tp2':
    case '/i':
      return handleCollector(req, res, url, ctx);
    case '/api/v1/get-online-attributes':
      return handleGetOnlineAttributes(req, res, ctx);
    case '/api/v1/interventions':
      return method === 'GET' ? handleInterventionsStream(res, url, ctx) : handleInterventionPush(req, res, url, ctx);
    case '/api/v1/engines/publish':
    case '/api/v1/engines/unpublish':
      return handleEnginesPublish(req, res, ctx, path.endsWith('/publish'));
    case '/api/v1/testing/attribute_groups':
    case '/api/v1/testing/attribute_groups/':
      return handleTesting(req, res, ctx);
    case '/plan.json':
      return sendJson(res, 200, ctx.plan ?? await compileLiveBundle(ctx));
    default:
      return sendJson(res, 200, ctx.bundle);
  }
}

/** The plan of the live bundle (which parsed when it became live, so it compiles). */
async function compileLiveBundle(ctx: ServerContext): Promise<SignalsEdgePlan> {
  const result = await compileBundle(ctx.bundle, { includeUnpublished: true });
  if (!result.ok) throw new HttpError(500, `the live definitions do not compile: ${result.problems[0]?.message ?? ''}`);
  return result.plan;
}

function methodNotAllowed(methods: readonly string[]): HttpError {
  return new HttpError(405, 'Method Not Allowed', { Allow: [...methods, 'OPTIONS'].join(', ') });
}

function readUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  try {
    return new URL(target.startsWith('/') ? `http://dev-server${target}` : target);
  } catch {
    throw new HttpError(400, `bad request target "${target}"`);
  }
}
