import { describe, expect, it } from 'vitest';
import { createDevServer } from '../../../demo/server/create-dev-server.js';
import { AUTH, ecommerceAction, getAttributes, newId, pageView, postEvents, useDevServers } from './dev-server-helpers.js';

const start = useDevServers();

const ATTRIBUTES = ['ecom_attributes_v1:count_product_views', 'ecom_attributes_v1:count_add_to_cart', 'ecom_attributes_v1:total_cart_value'];

/** The tutorial server with two devices: `a` viewed 3 products and added 2 (30 + 99.5), `b` viewed 1. */
async function startTutorial(options: Parameters<typeof createDevServer>[0] = {}) {
  const server = await start(options);
  const [a, b] = [newId(), newId()];
  await postEvents(server.url, [
    ...[1, 2, 3].map(() => ecommerceAction({ type: 'product_view', duid: a })),
    ecommerceAction({ type: 'add_to_cart', duid: a, price: 30 }),
    ecommerceAction({ type: 'add_to_cart', duid: a, price: 99.5 }),
    ecommerceAction({ type: 'product_view', duid: b }),
  ]);
  expect(server.processed()).toBe(6);
  return { server, a, b };
}

/** Two groups on two keys in one service; the user group holds a list. */
const TWO_KEYS = {
  attribute_groups: [
    {
      name: 'user_pages', version: 1, attribute_key: { name: 'domain_userid' }, is_published: true,
      attributes: [{ name: 'urls', type: 'string_list', aggregation: 'unique_list', events: [{ name: 'page_view' }], property: { type: 'atomic', name: 'page_urlpath' } }],
    },
    {
      name: 'session_pages', version: 2, attribute_key: { name: 'domain_sessionid' }, is_published: true,
      attributes: [{ name: 'views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }],
    },
  ],
  services: [{ name: 'pages', attribute_groups: [{ name: 'user_pages', version: 1 }, { name: 'session_pages', version: 2 }] }],
};

describe('POST /api/v1/get-online-attributes', () => {
  it('answers a service read without a token: bare names, the key column, one entry per id in request order, null for unknown ids', async () => {
    const { server, a, b } = await startTutorial();
    const unknown = newId();
    const res = await getAttributes(server.url, { service: 'ecom_attributes', attribute_keys: { domain_userid: [b, unknown, a] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      domain_userid: [b, unknown, a],
      count_product_views: [1, null, 3],
      count_add_to_cart: [0, null, 2],
      total_cart_value: [null, null, 129.5],
    });
    expect(Object.keys(res.body)).toEqual(['domain_userid', 'count_product_views', 'count_add_to_cart', 'total_cart_value']);
  });

  it('answers an attributes read with the token, with bare or full names', async () => {
    const { server, a } = await startTutorial();
    const bare = await getAttributes(server.url, { attributes: ATTRIBUTES, attribute_keys: { domain_userid: [a] } }, AUTH);
    expect(bare.body).toEqual({ domain_userid: [a], count_product_views: [3], count_add_to_cart: [2], total_cart_value: [129.5] });
    const full = await getAttributes(server.url, { attributes: ATTRIBUTES.slice(0, 1), attribute_keys: { domain_userid: [a] }, full_attribute_names: true }, AUTH);
    expect(full.body).toEqual({ domain_userid: [a], 'ecom_attributes_v1:count_product_views': [3] });
    const fullService = await getAttributes(server.url, { service: 'ecom_attributes', attribute_keys: { domain_userid: [a] }, full_attribute_names: true });
    expect(Object.keys(fullService.body)).toEqual(['domain_userid', ...ATTRIBUTES]);
  });

  it('answers several keys independently and keeps lists nested (one-element lists too)', async () => {
    const server = await start({ definitions: TWO_KEYS });
    const [user, s1, s2, other] = [newId(), newId(), newId(), newId()];
    await postEvents(server.url, [
      pageView({ duid: user, sid: s1, url: 'http://shop/a', dtm: 1_000 }),
      pageView({ duid: user, sid: s2, url: 'http://shop/b', dtm: 2_000 }),
      pageView({ duid: user, sid: s2, url: 'http://shop/a', dtm: 3_000 }),
      pageView({ duid: other, sid: newId(), url: 'http://shop/only', dtm: 4_000 }),
    ]);
    const res = await getAttributes(server.url, { service: 'pages', attribute_keys: { domain_userid: [user, other], domain_sessionid: [s1, s2, newId()] } });
    expect(res.body).toEqual({
      domain_userid: [user, other],
      urls: [['/b', '/a'], ['/only']],
      domain_sessionid: [s1, s2, expect.any(String)],
      views: [1, 2, null],
    });
    const onlySessions = await getAttributes(server.url, { service: 'pages', attribute_keys: { domain_sessionid: [s2] } });
    expect(onlySessions.body).toEqual({ domain_sessionid: [s2], views: [2] });
  });

  it('serves batch and external groups of a service as null columns and leaves out online: false groups', async () => {
    const key = { name: 'domain_userid' };
    const server = await start({
      definitions: {
        attribute_groups: [
          { name: 'live', version: 1, attribute_key: key, is_published: true, attributes: [{ name: 'views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }] },
          {
            name: 'crm', version: 1, attribute_key: key, offline: true, is_published: true, fields: [{ name: 'tier', type: 'string' }],
            batch_source: { name: 'crm_src', database: 'db', schema: 's', table: 't', timestamp_field: 'ts' },
          },
          { name: 'hidden', version: 1, attribute_key: key, online: false, is_published: true, attributes: [{ name: 'secret', type: 'int32', aggregation: 'counter', events: [] }] },
        ],
        services: [{ name: 'all', attribute_groups: [{ name: 'live' }, { name: 'crm' }, { name: 'hidden' }] }],
      },
    });
    const duid = newId();
    await postEvents(server.url, [pageView({ duid, url: 'http://shop/' })]);
    const res = await getAttributes(server.url, { service: 'all', attribute_keys: { domain_userid: [duid] } });
    expect(res.body).toEqual({ domain_userid: [duid], views: [1], tier: [null] });
    expect((await getAttributes(server.url, { attributes: ['hidden_v1:secret'], attribute_keys: { domain_userid: [duid] } }, AUTH)).status).toBe(404);
  });

  it('needs the bearer for attribute reads, and for service reads when services are not public', async () => {
    const { server, a } = await startTutorial();
    const attributes = { attributes: ATTRIBUTES, attribute_keys: { domain_userid: [a] } };
    const none = await getAttributes(server.url, attributes);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ detail: 'Not authenticated' });
    expect((await getAttributes(server.url, attributes, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await getAttributes(server.url, attributes, { Authorization: 'Basic dev-token' })).status).toBe(401);
    expect((await getAttributes(server.url, attributes, { authorization: 'bearer dev-token' })).status).toBe(200);

    const closed = await startTutorial({ publicServices: false, token: 'secret' });
    const service = { service: 'ecom_attributes', attribute_keys: { domain_userid: [closed.a] } };
    expect((await getAttributes(closed.server.url, service)).status).toBe(401);
    const ok = await getAttributes(closed.server.url, service, { Authorization: 'Bearer secret' });
    expect(ok.status).toBe(200);
    expect(ok.body.count_product_views).toEqual([3]);
  });

  it('answers 422 with {detail: [{loc, msg, type}]} on bad requests', async () => {
    const server = await start();
    const cases: [unknown, (string | number)[], string][] = [
      ['{oops', ['body'], 'json_invalid'],
      [[1], ['body'], 'dict_type'],
      [{ service: 'ecom_attributes' }, ['body', 'attribute_keys'], 'missing'],
      [{ service: 'ecom_attributes', attribute_keys: [] }, ['body', 'attribute_keys'], 'dict_type'],
      [{ service: 'ecom_attributes', attribute_keys: { domain_userid: 'x' } }, ['body', 'attribute_keys', 'domain_userid'], 'list_type'],
      [{ service: 'ecom_attributes', attribute_keys: { domain_userid: ['a', 7] } }, ['body', 'attribute_keys', 'domain_userid', 1], 'string_type'],
      [{ attribute_keys: { domain_userid: ['a'] } }, ['body'], 'value_error'],
      [{ service: 'ecom_attributes', attributes: ATTRIBUTES, attribute_keys: { domain_userid: ['a'] } }, ['body'], 'value_error'],
      [{ attributes: 'x', attribute_keys: { domain_userid: ['a'] } }, ['body', 'attributes'], 'list_type'],
      [{ service: 'ecom_attributes', attribute_keys: { domain_userid: ['a'] }, full_attribute_names: 'yes' }, ['body', 'full_attribute_names'], 'bool_type'],
      [{ attributes: ATTRIBUTES, attribute_keys: { user_id: ['a'] } }, ['body', 'attributes', 0], 'value_error'],
    ];
    for (const [body, loc, type] of cases) {
      const res = await getAttributes(server.url, body, AUTH);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.detail[0], JSON.stringify(body)).toEqual({ loc, msg: expect.any(String), type });
    }
  });

  it('answers 404 for an unknown service, group version or attribute', async () => {
    const server = await start();
    const keys = { domain_userid: ['a'] };
    expect((await getAttributes(server.url, { service: 'nope', attribute_keys: keys })).status).toBe(404);
    expect((await getAttributes(server.url, { attributes: ['ecom_attributes_v2:count_add_to_cart'], attribute_keys: keys }, AUTH)).status).toBe(404);
    const attr = await getAttributes(server.url, { attributes: ['ecom_attributes_v1:nope'], attribute_keys: keys }, AUTH);
    expect(attr.status).toBe(404);
    expect(attr.body.detail).toContain('"nope"');
  });
});
