import { RemoteError } from './remote-error.js';

/** An HTTP answer: its status and its body parsed as JSON (`undefined` when empty or not JSON). */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/**
 * `GET url` with Node's `fetch`, within `timeoutMs` (headers and body). Redirects are not followed, so
 * credentials go to the URL given and nowhere else.
 * @param hint what to check, appended to the error messages (`is --api-url right?`)
 * @throws RemoteError (`unreachable`) on a network error, a timeout or a redirect; the message names
 * the URL and the cause, never a header.
 */
export async function requestJson(url: string, headers: Record<string, string>, timeoutMs: number, hint: string): Promise<JsonAnswer> {
  let text: string;
  let status: number;
  try {
    const response = await fetch(url, {
      method: 'GET',
      headers: { Accept: 'application/json', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new RemoteError('unreachable', `no answer from ${url} within ${formatSeconds(timeoutMs)}: ${hint}`);
    }
    throw new RemoteError('unreachable', `cannot reach ${url} (${describeCause(error)}): ${hint}`);
  }
  if (status >= 300 && status < 400) {
    throw new RemoteError('unreachable', `${url} answered a redirect (HTTP ${status}), which is not followed: ${hint}`);
  }
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status, body };
}

/** The `detail` of a Signals error body (`{"detail": "..."}`), when it is a short string. */
export function errorDetail(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const detail = (body as Record<string, unknown>)['detail'];
  return typeof detail === 'string' && detail.length <= 200 && !/[\r\n]/.test(detail) ? detail : null;
}

/** `fetch failed` says little; its cause (`ECONNREFUSED`, `ENOTFOUND`...) says what happened. */
function describeCause(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause !== undefined && typeof cause.code === 'string') return cause.code;
  if (cause !== undefined && typeof cause.message === 'string') return cause.message.split('\n')[0]!;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
