import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Allowed when a preflight does not list the headers it wants. */
const DEFAULT_ALLOWED_HEADERS = 'Content-Type, Authorization, X-Signals-Sdk-Name, SP-Anonymous';

/**
 * Sets the CORS headers every response carries: the request's `Origin` echoed with credentials
 * allowed (the tracker sends cookies), and `Date` readable by scripts (browsers learn the clock offset from it).
 */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  } else {
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Date');
}

/** Answers a CORS preflight (`OPTIONS`, any path) with 204, allowing the headers the browser asks for. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
  res.setHeader('Access-Control-Allow-Headers', typeof requested === 'string' && requested !== '' ? requested : DEFAULT_ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
  res.writeHead(204, { 'Content-Length': '0' });
  res.end();
}
