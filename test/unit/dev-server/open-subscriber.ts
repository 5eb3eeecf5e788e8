// An SSE subscriber on node:http for the load test: one socket each, frames handed over as they arrive
// (fetch's web streams cost several times more CPU per frame, which the server under test would pay for).
import { get } from 'node:http';

export interface Subscriber {
  /** Frames received, for the subscriber's own checks. */
  frames(): number;
  close(): void;
}

/**
 * Opens `GET <base>/api/v1/interventions?<query>` and calls `onFrame` with each parsed `data:` payload.
 * Resolves once the server's `: connected` comment has arrived, so the subscription is registered.
 */
export function openSubscriber(base: string, query: string, onFrame: (frame: any) => void): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let buffer = '';
    let connected = false;
    const req = get(`${base}/api/v1/interventions?${query}`, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`subscription answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('data: ')) {
            count++;
            onFrame(JSON.parse(block.slice(6)));
          } else if (block === ': connected' && !connected) {
            connected = true;
            resolve({ frames: () => count, close: () => req.destroy() });
          }
        }
      });
    });
    req.on('error', (error) => {
      if (!connected) reject(error);
    });
  });
}
