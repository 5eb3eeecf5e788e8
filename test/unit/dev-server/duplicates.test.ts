import { describe, expect, it } from 'vitest';
import type { DevServer } from '../../../demo/server/create-dev-server.js';
import { PAYLOAD_DATA, ecommerceAction, getAttributes, newId, postEvents, useDevServers, waitFor } from './dev-server-helpers.js';

const start = useDevServers();

const views = async (server: DevServer, duid: string): Promise<unknown> =>
  (await getAttributes(server.url, { service: 'ecom_attributes', attribute_keys: { domain_userid: [duid] } })).body.count_product_views[0];

/** The tracker's GET form of a payload: the query is the payload, `ue_pr` sent base64 as `ue_px`. */
const getPixel = (server: DevServer, payload: Record<string, string>): Promise<Response> => {
  const { ue_pr: uePr, ...rest } = payload;
  return fetch(`${server.url}/i?${new URLSearchParams({ ...rest, ue_px: Buffer.from(uePr!).toString('base64url') })}`);
};

describe('collector: each event id is applied once', () => {
  it('counts a tp2 body posted 3 times once (a resend of a killed page\'s queue)', async () => {
    const server = await start();
    const duid = newId();
    const body = JSON.stringify({ schema: PAYLOAD_DATA, data: [ecommerceAction({ type: 'product_view', duid }), ecommerceAction({ type: 'product_view', duid })] });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/com.snowplowanalytics.snowplow/tp2`, { method: 'POST', body });
      expect(res.status).toBe(200); // a resend is accepted: the tracker must stop resending it
    }
    expect(await views(server, duid)).toBe(2);
    expect(server.processed()).toBe(2);
    expect(server.duplicates()).toBe(4);
  });

  it('counts a duplicate within one batch once', async () => {
    const server = await start();
    const duid = newId();
    const view = ecommerceAction({ type: 'product_view', duid });
    expect((await postEvents(server.url, [view, ecommerceAction({ type: 'product_view', duid }), view])).status).toBe(200);
    expect(await views(server, duid)).toBe(2);
    expect(server.duplicates()).toBe(1);
  });

  it('counts an event sent by POST and then again by GET /i once', async () => {
    const server = await start();
    const duid = newId();
    const view = ecommerceAction({ type: 'product_view', duid });
    await postEvents(server.url, [view]);
    const res = await getPixel(server, view);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(await views(server, duid)).toBe(1);
    expect(server.duplicates()).toBe(1);
  });

  it('drops a duplicate that arrives while the first copy is still queued behind the lag', async () => {
    const server = await start({ lagMs: 150 });
    const duid = newId();
    const view = ecommerceAction({ type: 'product_view', duid });
    await postEvents(server.url, [view]);
    await getPixel(server, view);
    await postEvents(server.url, [view]);
    expect(server.pending()).toBe(1);
    expect(server.processed()).toBe(0);
    expect(server.duplicates()).toBe(2);
    await waitFor(() => server.processed() === 1);
    expect(server.pending()).toBe(0);
    expect(await views(server, duid)).toBe(1);
  });

  it('counts every distinct id, across requests and users', async () => {
    const server = await start({ lagMs: 20 });
    const [a, b] = [newId(), newId()];
    await postEvents(server.url, [1, 2, 3].map(() => ecommerceAction({ type: 'product_view', duid: a })));
    await postEvents(server.url, [ecommerceAction({ type: 'product_view', duid: a }), ecommerceAction({ type: 'product_view', duid: b })]);
    await getPixel(server, ecommerceAction({ type: 'product_view', duid: b }));
    await waitFor(() => server.processed() === 6);
    expect(await views(server, a)).toBe(4);
    expect(await views(server, b)).toBe(2);
    expect(server.duplicates()).toBe(0);
  });
});
