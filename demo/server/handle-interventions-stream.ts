import type { ServerResponse } from 'node:http';
import { readTargets } from './read-targets.js';
import type { ServerContext } from './server-context.js';

/**
 * `GET /api/v1/interventions?<key>=<id>[&…]` (signals-model.md §12.4): public, `text/event-stream`.
 * Each intervention for a subscribed target is one unnamed `data: <InterventionInstance JSON>` frame;
 * a comment line is sent at once (so the stream opens) and then every `keepAliveMs`.
 * Without any target (`…/interventions` or `…?`, what the official browser plugin opens before it knows
 * an id) the stream is opened all the same, with nothing to deliver: a 422 would end that EventSource
 * for good (it does not retry after a non-200), and the plugin opens a new one when its ids change.
 */
export function handleInterventionsStream(res: ServerResponse, url: URL, ctx: ServerContext): void {
  const targets = readTargets(url.searchParams, { allowNone: true });
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (frame: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(frame);
  };
  send(': connected\n\n');
  const unsubscribe = ctx.hub.subscribe(targets, send);
  const timer = setInterval(() => send(': keep-alive\n\n'), ctx.keepAliveMs);
  ctx.streams.add(res);
  const stop = () => {
    clearInterval(timer);
    unsubscribe();
    ctx.streams.delete(res);
  };
  // The response closes when the client goes away or the server ends the stream.
  res.on('close', stop);
}
