// A collector client on node:http with a small pool of keep-alive sockets, as a busy tracker fleet behind
// one proxy would hold; requests beyond the pool wait in the agent, so a slow server shows as sending lag.
import { Agent, request } from 'node:http';
import { PAYLOAD_DATA } from './dev-server-helpers.js';

export interface CollectorClient {
  /** POSTs a tp2 batch; resolves with the status once the answer has been read. */
  post(payloads: readonly Record<string, string>[]): Promise<number>;
  /** Sends one payload as `GET /i?<payload>`. */
  pixel(payload: Record<string, string>): Promise<number>;
  close(): void;
}

export function createCollectorClient(base: string, sockets = 8): CollectorClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: 'GET' | 'POST', path: string, body: string | null) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string> = body === null ? {} : { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(body)) };
      const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  return {
    post: (payloads) => send('POST', '/com.snowplowanalytics.snowplow/tp2', JSON.stringify({ schema: PAYLOAD_DATA, data: payloads })),
    pixel: (payload) => send('GET', `/i?${new URLSearchParams(payload)}`, null),
    close: () => agent.destroy(),
  };
}
