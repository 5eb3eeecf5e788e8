import { describe, expect, it } from 'vitest';
import type { DevServer } from '../../../demo/server/create-dev-server.js';
import { AUTH, getAttributes, newId, pageView, postEvents, useDevServers } from './dev-server-helpers.js';

const start = useDevServers();
const HOUR = 3_600_000;

const GROUP = {
  name: 'views', version: 1, attribute_key: { name: 'domain_userid' },
  attributes: [
    { name: 'page_views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] },
    { name: 'last_url', type: 'string', aggregation: 'last', events: [{ name: 'page_view' }], property: { type: 'atomic', name: 'page_url' } },
  ],
};

async function test(server: DevServer, body: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/testing/attribute_groups/`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

function view(duid: string, app: string, url: string, at: number): Record<string, string> {
  return { ...pageView({ duid, url, dtm: at, stm: at }), aid: app };
}

/** A server on a clock the test moves; A and B on app `web`, C on `shop`; A's first view two hours before the rest. */
async function withEvents() {
  let clock = Date.parse('2025-06-01T10:00:00Z');
  const server = await start({ definitions: { attribute_groups: [] }, now: () => clock });
  const [a, b, c] = [newId(), newId(), newId()];
  await postEvents(server.url, [view(a, 'web', 'https://a.example/old', clock)]);
  clock += 2 * HOUR;
  await postEvents(server.url, [
    view(a, 'web', 'https://a.example/new', clock), view(b, 'web', 'https://a.example/b', clock),
    view(c, 'shop', 'https://shop.example/c', clock), view(b, 'web', 'https://a.example/b2', clock),
  ]);
  clock += 60_000;
  return { server, a, b, c };
}

describe('POST /api/v1/testing/attribute_groups/', () => {
  it('evaluates the group over the events of the window, in the DataFrame column shape', async () => {
    const { server, a, b, c } = await withEvents();
    const lastHour = await test(server, { attribute_group: GROUP, app_ids: null, window: 'PT1H', attribute_key_ids: null });
    expect(lastHour).toEqual({
      status: 200,
      body: { domain_userid: [a, b, c], page_views: [1, 2, 1], last_url: ['https://a.example/new', 'https://a.example/b2', 'https://shop.example/c'] },
    });
    const lastDay = await test(server, { attribute_group: GROUP, window: 'P1D', attribute_key_ids: [a] });
    expect(lastDay.body).toEqual({ domain_userid: [a], page_views: [2], last_url: ['https://a.example/new'] });
    // The default window is PT1H, as in the SDK's model; a number is seconds.
    expect((await test(server, { attribute_group: GROUP, attribute_key_ids: [a] })).body.page_views).toEqual([1]);
    expect((await test(server, { attribute_group: GROUP, window: 3 * 3600, attribute_key_ids: [a] })).body.page_views).toEqual([2]);
  });

  it('filters by app id and by the ids given, in the order given (an id no event carried is null)', async () => {
    const { server, a, b, c } = await withEvents();
    const web = await test(server, { attribute_group: GROUP, app_ids: ['web'], window: 'PT1H' });
    expect(web.body).toEqual({ domain_userid: [a, b], page_views: [1, 2], last_url: ['https://a.example/new', 'https://a.example/b2'] });
    const ids = await test(server, { attribute_group: GROUP, app_ids: ['web'], window: 'PT1H', attribute_key_ids: [c, b, 'nobody'] });
    expect(ids.body).toEqual({ domain_userid: [c, b, 'nobody'], page_views: [null, 2, null], last_url: [null, 'https://a.example/b2', null] });
  });

  it('does not touch the live engine or the registry', async () => {
    const { server, a } = await withEvents();
    await test(server, { attribute_group: GROUP, window: 'P1D' });
    const groups = await fetch(`${server.url}/api/v1/registry/attribute_groups/`, { headers: AUTH });
    expect(await groups.json()).toEqual([]);
    expect(server.processed()).toBe(5);
    const live = await getAttributes(server.url, { attribute_keys: { domain_userid: [a] }, attributes: ['views_v1:page_views'] }, AUTH);
    expect(live.status).toBe(404);
  });

  it('answers a bad body 422 with the problems by path, and 401 without the token', async () => {
    const server = await start({ definitions: { attribute_groups: [] } });
    const bad = { ...GROUP, attributes: [{ ...GROUP.attributes[0], aggregation: 'median' }] };
    const res = await test(server, { attribute_group: bad, window: 'P1Y', app_ids: 'web', attribute_key_ids: [1] });
    expect(res.status).toBe(422);
    const locs = res.body.detail.map((i: { loc: unknown[] }) => i.loc);
    expect(locs).toEqual(expect.arrayContaining([
      ['body', 'attribute_group', 'attributes', 0, 'aggregation'], ['body', 'window'], ['body', 'app_ids'], ['body', 'attribute_key_ids', 0],
    ]));
    expect((await test(server, { window: 'PT1H' })).body.detail).toEqual([{ loc: ['body', 'attribute_group'], msg: 'Field required', type: 'missing' }]);
    expect((await test(server, [])).status).toBe(422);
    expect((await test(server, { attribute_group: GROUP }, {})).status).toBe(401);
    const get = await fetch(`${server.url}/api/v1/testing/attribute_groups`, { headers: AUTH });
    expect(get.status).toBe(405);
  });
});
