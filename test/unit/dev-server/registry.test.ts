import { describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';
import { AUTH, TUTORIAL, useDevServers } from './dev-server-helpers.js';

const start = useDevServers();

async function get(server: DevServer, path: string, headers: Record<string, string> = AUTH): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, body: await res.json() };
}

/** One group in two versions on a declared custom key, written with `==` and string targets. */
const VERSIONED = {
  attribute_keys: [{ name: 'account_id', property: { type: 'entity', vendor: 'com.acme', name: 'account', major_version: 1, path: 'id' }, ttl: 'P30D' }],
  attribute_groups: [1, 2].map((version) => ({
    name: 'clicks', version, attribute_key: { name: 'account_id' }, is_published: version === 1,
    attributes: [{ name: `clicks_${version}`, type: 'int32', aggregation: 'counter', events: [{ name: 'link_click' }], criteria: { all: [{ property: { type: 'atomic', name: 'app_id' }, operator: '==', value: 'web' }] } }],
  })),
  services: [{ name: 'acct', attribute_groups: [{ name: 'clicks' }] }],
  interventions: [
    { name: 'many', criteria: { attribute: 'clicks:clicks_1', operator: '>', value: 2 }, target_attribute_keys: ['account_id'] },
    { name: 'many', version: 3, criteria: { all: [{ attribute: 'clicks:clicks_1', operator: '==', value: 5 }] } },
  ],
};

describe('registry reads', () => {
  it('returns the tutorial group in the wire format with the registry output fields', async () => {
    const server = await start();
    const list = await get(server, '/api/v1/registry/attribute_groups/');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const [group] = list.body;
    expect(group).toMatchObject({
      name: 'ecom_attributes',
      version: 1,
      online: true,
      offline: false,
      is_published: true,
      attribute_key: { name: 'domain_userid', key: 'domain_userid', blobl_path: 'domain_userid' },
      attribute_key_or_name: 'domain_userid',
      attribute_group_or_attribute_key_ttl: null,
      feast_name: 'ecom_attributes_v1',
      full_name: 'ecom_attributes_v1',
      stream_source_name: null,
    });
    expect(group.attributes.map((a: { name: string }) => a.name)).toEqual(['count_product_views', 'count_add_to_cart', 'total_cart_value']);
    expect((await get(server, '/api/v1/registry/attribute_groups/ecom_attributes')).body).toEqual(group);
    expect((await get(server, '/api/v1/registry/attribute_groups/ecom_attributes/versions/1')).body).toEqual(group);

    const services = await get(server, '/api/v1/registry/services/');
    expect(services.body).toEqual([{ name: 'ecom_attributes', attribute_groups: [{ name: 'ecom_attributes', version: 1 }], owner: 'user@company.com', is_published: true }]);
    expect((await get(server, '/api/v1/registry/services/ecom_attributes')).body).toEqual(services.body[0]);

    const interventions = await get(server, '/api/v1/registry/interventions/');
    expect(interventions.body.map((i: { name: string }) => i.name)).toEqual(['cart_abandonment', 'discount', 'free_shipping']);
    expect((await get(server, '/api/v1/registry/interventions/discount')).body).toMatchObject({
      name: 'discount', version: 1, criteria: { attribute: 'ecom_attributes:count_product_views', operator: '>', value: 3 },
      target_attribute_keys: [{ name: 'user_id' }, { name: 'domain_userid' }],
    });
  });

  it('picks the latest version, finds a given one, normalises == and string targets, and lists keys', async () => {
    const server = await start({ definitions: VERSIONED });
    const latest = await get(server, '/api/v1/registry/attribute_groups/clicks');
    expect(latest.body).toMatchObject({
      version: 2, is_published: false, full_name: 'clicks_v2',
      attribute_key: { name: 'account_id', ttl: 'P30D', blobl_path: null }, attribute_group_or_attribute_key_ttl: 'P30D',
    });
    expect(latest.body.attributes[0].criteria.all[0].operator).toBe('=');
    expect((await get(server, '/api/v1/registry/attribute_groups/clicks/versions/1')).body.feast_name).toBe('clicks_v1');
    expect((await get(server, '/api/v1/registry/services/acct')).body.attribute_groups).toEqual([{ name: 'clicks', version: 1 }]);

    const many = await get(server, '/api/v1/registry/interventions/many');
    expect(many.body).toMatchObject({ version: 3, is_published: false, criteria: { all: [{ operator: '=' }] } });
    expect((await get(server, '/api/v1/registry/interventions/many/versions/1')).body.target_attribute_keys).toEqual([{ name: 'account_id' }]);
    const keys = await get(server, '/api/v1/registry/attribute_keys/');
    expect(keys.body.map((k: { name: string }) => k.name)).toEqual(['account_id']);
  });

  it('answers 404 for unknown names and versions, 422 for a bad version, 401 without the token', async () => {
    const server = await start();
    expect((await get(server, '/api/v1/registry/attribute_groups/nope')).status).toBe(404);
    expect((await get(server, '/api/v1/registry/attribute_groups/ecom_attributes/versions/9')).status).toBe(404);
    expect((await get(server, '/api/v1/registry/attribute_groups/ecom_attributes/versions/x')).status).toBe(422);
    expect((await get(server, '/api/v1/registry/services/nope')).status).toBe(404);
    expect((await get(server, '/api/v1/registry/widgets/')).status).toBe(404);
    for (const path of ['attribute_groups/', 'attribute_groups/ecom_attributes', 'services/', 'interventions/discount/versions/1']) {
      const res = await get(server, `/api/v1/registry/${path}`, {});
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ detail: 'Not authenticated' });
    }
  });

  it('serves the definitions bundle publicly at /definitions.json', async () => {
    const server = await start();
    const res = await get(server, '/definitions.json', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(TUTORIAL);
  });

  it('refuses invalid definitions with the problems named by path', async () => {
    await expect(createDevServer({ definitions: { attribute_groups: [{ name: 'x' }] }, log: () => {} })).rejects.toThrow(/attribute_groups\[0\]/);
    await expect(createDevServer({ lagMs: -1, log: () => {} })).rejects.toThrow(RangeError);
  });
});
