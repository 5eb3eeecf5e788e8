import { describe, expect, it } from 'vitest';
import type { DevServer } from '../../../demo/server/create-dev-server.js';
import { AUTH, getAttributes, newId, pageView, postEvents, useDevServers } from './dev-server-helpers.js';

const start = useDevServers();

/** One registry call with the bearer; resolves with status and parsed body. */
async function call(server: DevServer, method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method, headers: { 'Content-Type': 'application/json', ...headers } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${server.url}/api/v1/${path}`, init);
  return { status: res.status, body: await res.json() };
}

/** A stream group counting page views on domain_userid. */
function views(options: { name?: string; version?: number; published?: boolean; attribute?: string } = {}) {
  return {
    name: options.name ?? 'views', version: options.version ?? 1, attribute_key: { name: 'domain_userid' },
    is_published: options.published ?? false,
    attributes: [{ name: options.attribute ?? 'page_views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }],
  };
}

const EMPTY = { attribute_groups: [] };

async function read(server: DevServer, attribute: string, duid: string) {
  return getAttributes(server.url, { attribute_keys: { domain_userid: [duid] }, attributes: [attribute] }, AUTH);
}

async function definitionsJson(server: DevServer): Promise<any> {
  return (await fetch(`${server.url}/definitions.json`)).json();
}

describe('registry writes', () => {
  it('creates, refuses a second create with 400 (the SDK then PUTs), updates, deletes, and the GETs follow', async () => {
    const server = await start({ definitions: EMPTY });
    const created = await call(server, 'POST', 'registry/attribute_groups/', views());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'views', version: 1, online: true, is_published: false, feast_name: 'views_v1', full_name: 'views_v1',
      attribute_key_or_name: 'domain_userid', attribute_key: { name: 'domain_userid', blobl_path: 'domain_userid' }, stream_source_name: null,
    });
    const again = await call(server, 'POST', 'registry/attribute_groups', views());
    expect(again.status).toBe(400);
    expect(again.body.detail).toMatch(/already exists/);
    expect((await call(server, 'POST', 'registry/attribute_groups/', views({ version: 2 }))).status).toBe(200);

    const updated = await call(server, 'PUT', 'registry/attribute_groups/views/versions/1/', views({ attribute: 'pv' }));
    expect(updated.status).toBe(200);
    expect(updated.body.attributes.map((a: { name: string }) => a.name)).toEqual(['pv']);
    const list = await call(server, 'GET', 'registry/attribute_groups/');
    expect(list.body.map((g: any) => [g.name, g.version, g.attributes[0].name])).toEqual([['views', 1, 'pv'], ['views', 2, 'page_views']]);
    expect((await call(server, 'GET', 'registry/attribute_groups/views')).body.version).toBe(2);

    const deleted = await call(server, 'DELETE', 'registry/attribute_groups/views/versions/2');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ name: 'views', version: 2 });
    expect((await call(server, 'GET', 'registry/attribute_groups/views/versions/2')).status).toBe(404);
    expect((await call(server, 'GET', 'registry/attribute_groups/views')).body.version).toBe(1);
  });

  it('answers 404 for a PUT or DELETE of an unknown object, 405 for other methods, 401 without the token', async () => {
    const server = await start({ definitions: EMPTY });
    expect((await call(server, 'PUT', 'registry/attribute_groups/nope/versions/1', views({ name: 'nope' }))).status).toBe(404);
    expect((await call(server, 'DELETE', 'registry/attribute_groups/nope/versions/1')).status).toBe(404);
    expect((await call(server, 'PUT', 'registry/services/nope', { name: 'nope', attribute_groups: [] })).status).toBe(404);
    expect((await call(server, 'DELETE', 'registry/services/nope')).status).toBe(404);
    expect((await call(server, 'PUT', 'registry/attribute_keys/nope', { name: 'nope', key: 'app_id' })).status).toBe(404);
    expect((await call(server, 'DELETE', 'registry/interventions/nope/versions/1')).status).toBe(404);
    expect((await call(server, 'PUT', 'registry/attribute_groups/views', views())).status).toBe(405);
    expect((await call(server, 'PUT', 'registry/attribute_groups/', views())).status).toBe(405);
    expect((await call(server, 'DELETE', 'registry/attribute_groups/views/versions/x')).status).toBe(422);
    const anonymous = await call(server, 'POST', 'registry/attribute_groups/', views(), {});
    expect(anonymous.status).toBe(401);
    expect((await call(server, 'GET', 'registry/attribute_groups/')).body).toEqual([]);
  });

  it('writes keys, services and interventions, each created, updated and deleted by its own path', async () => {
    const server = await start({ definitions: EMPTY });
    const key = { name: 'app', key: 'app_id' };
    const createdKey = await call(server, 'POST', 'registry/attribute_keys/', key);
    expect(createdKey.status).toBe(200);
    expect(createdKey.body).toMatchObject({ name: 'app', blobl_path: 'app_id' });
    expect((await call(server, 'POST', 'registry/attribute_keys/', key)).status).toBe(400);
    expect((await call(server, 'PUT', 'registry/attribute_keys/app', { ...key, description: 'the app' })).body.description).toBe('the app');

    expect((await call(server, 'POST', 'registry/attribute_groups/', views())).status).toBe(200);
    const service = { name: 'site', attribute_groups: [{ name: 'views', version: 1 }] };
    expect((await call(server, 'POST', 'registry/services/', service)).body).toEqual({ ...service, is_published: false });
    expect((await call(server, 'POST', 'registry/services/', service)).status).toBe(400);
    expect((await call(server, 'PUT', 'registry/services/site/', { ...service, owner: 'me@acme.com' })).body.owner).toBe('me@acme.com');

    const intervention = { name: 'busy', criteria: { attribute: 'views:page_views', operator: '>', value: 2 }, target_attribute_keys: [{ name: 'domain_userid' }] };
    const createdIntervention = await call(server, 'POST', 'registry/interventions/', intervention);
    expect(createdIntervention.status).toBe(200);
    expect(createdIntervention.body).toMatchObject({ name: 'busy', version: 1, is_published: false });
    expect((await call(server, 'POST', 'registry/interventions/', intervention)).status).toBe(400);
    expect((await call(server, 'PUT', 'registry/interventions/busy/versions/1', { ...intervention, description: 'd' })).body.description).toBe('d');

    expect((await call(server, 'GET', 'registry/attribute_keys/')).body.map((k: { name: string }) => k.name)).toEqual(['app', 'domain_userid']);
    expect((await call(server, 'GET', 'registry/services/')).body).toHaveLength(1);
    expect((await call(server, 'GET', 'registry/interventions/busy')).body.description).toBe('d');

    expect((await call(server, 'DELETE', 'registry/interventions/busy/versions/1')).status).toBe(200);
    expect((await call(server, 'DELETE', 'registry/services/site')).status).toBe(200);
    expect((await call(server, 'DELETE', 'registry/attribute_keys/app/')).status).toBe(200);
    expect((await call(server, 'GET', 'registry/interventions/')).body).toEqual([]);
    expect((await call(server, 'GET', 'registry/services/')).body).toEqual([]);
  });

  it('answers an invalid body 422 with the problems by path, and checks references against what is stored', async () => {
    const server = await start({ definitions: EMPTY });
    const bad = views();
    (bad.attributes[0] as Record<string, unknown>)['aggregation'] = 'median';
    const res = await call(server, 'POST', 'registry/attribute_groups/', bad);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContainEqual(expect.objectContaining({ loc: ['body', 'attributes', 0, 'aggregation'], type: 'enum' }));
    expect(res.body.detail[0].msg).toEqual(expect.any(String));
    expect((await call(server, 'POST', 'registry/attribute_groups/', [])).status).toBe(422);
    const notJson = await fetch(`${server.url}/api/v1/registry/attribute_groups/`, { method: 'POST', headers: AUTH, body: '{' });
    expect(notJson.status).toBe(422);

    const service = await call(server, 'POST', 'registry/services/', { name: 'site', attribute_groups: [{ name: 'ghost', version: 1 }] });
    expect(service.status).toBe(422);
    expect(service.body.detail[0].loc.slice(0, 2)).toEqual(['body', 'attribute_groups']);
    const intervention = await call(server, 'POST', 'registry/interventions/', { name: 'x', criteria: { attribute: 'ghost:n', operator: '>', value: 1 } });
    expect(intervention.status).toBe(422);
    const mismatch = await call(server, 'POST', 'registry/attribute_groups/', views());
    expect(mismatch.status).toBe(200);
    expect((await call(server, 'PUT', 'registry/attribute_groups/views/versions/1', views({ name: 'other' }))).status).toBe(422);
    expect((await call(server, 'GET', 'registry/attribute_groups/')).body).toHaveLength(1);
  });
});

describe('publishing', () => {
  it('makes a published group live at once: events processed afterwards count, /definitions.json shows it', async () => {
    const server = await start({ definitions: EMPTY });
    const duid = newId();
    await postEvents(server.url, [pageView({ duid, url: 'https://a.example/1' })]);
    expect((await call(server, 'POST', 'registry/attribute_groups/', views())).status).toBe(200);
    expect((await read(server, 'views_v1:page_views', duid)).status).toBe(404);
    expect((await definitionsJson(server)).attribute_groups).toEqual([]);

    expect((await call(server, 'PUT', 'registry/attribute_groups/views/versions/1', views({ published: true }))).status).toBe(200);
    expect((await definitionsJson(server)).attribute_groups).toEqual([views({ published: true })]);
    await postEvents(server.url, [pageView({ duid, url: 'https://a.example/2' }), pageView({ duid, url: 'https://a.example/3' })]);
    const after = await read(server, 'views_v1:page_views', duid);
    expect(after).toEqual({ status: 200, body: { domain_userid: [duid], page_views: [2] } });
  });

  it('keeps the values of events received before a publish for an unchanged group version', async () => {
    const server = await start({ definitions: { attribute_groups: [views({ published: true })] } });
    const duid = newId();
    await postEvents(server.url, [pageView({ duid, url: 'https://a.example/1' }), pageView({ duid, url: 'https://a.example/2' })]);
    expect((await read(server, 'views_v1:page_views', duid)).body.page_views).toEqual([2]);

    expect((await call(server, 'POST', 'registry/attribute_groups/', views({ name: 'more', published: true }))).status).toBe(200);
    expect((await read(server, 'views_v1:page_views', duid)).body.page_views).toEqual([2]);
    await postEvents(server.url, [pageView({ duid, url: 'https://a.example/3' })]);
    expect((await read(server, 'views_v1:page_views', duid)).body.page_views).toEqual([3]);
    expect((await read(server, 'more_v1:page_views', duid)).body.page_views).toEqual([1]);
  });

  it('takes a group out on unpublish and on delete: gone from get-online-attributes and /definitions.json', async () => {
    const server = await start({ definitions: EMPTY });
    const duid = newId();
    await call(server, 'POST', 'registry/attribute_groups/', views({ published: true }));
    await call(server, 'POST', 'registry/attribute_groups/', views({ name: 'other', published: true }));
    await call(server, 'POST', 'registry/services/', { name: 'site', attribute_groups: [{ name: 'views', version: 1 }], is_published: true });
    await postEvents(server.url, [pageView({ duid, url: 'https://a.example/1' })]);
    const service = await getAttributes(server.url, { attribute_keys: { domain_userid: [duid] }, service: 'site' }, AUTH);
    expect(service.body).toEqual({ domain_userid: [duid], page_views: [1] });

    expect((await call(server, 'PUT', 'registry/attribute_groups/views/versions/1', views({ published: false }))).status).toBe(200);
    expect((await read(server, 'views_v1:page_views', duid)).status).toBe(404);
    expect((await definitionsJson(server)).attribute_groups.map((g: { name: string }) => g.name)).toEqual(['other']);
    // The published service naming the unpublished group is left out of what runs, and stays in the registry.
    expect((await getAttributes(server.url, { attribute_keys: { domain_userid: [duid] }, service: 'site' }, AUTH)).status).toBe(404);
    expect((await call(server, 'GET', 'registry/services/site')).status).toBe(200);

    expect((await call(server, 'DELETE', 'registry/attribute_groups/other/versions/1')).status).toBe(200);
    expect((await read(server, 'other_v1:page_views', duid)).status).toBe(404);
    expect((await definitionsJson(server)).attribute_groups).toEqual([]);
  });

  it('POST engines/publish and engines/unpublish set is_published on the objects named', async () => {
    const server = await start({ definitions: EMPTY });
    const duid = newId();
    await call(server, 'POST', 'registry/attribute_groups/', views());
    const published = await call(server, 'POST', 'engines/publish', { attribute_groups: [{ name: 'views', version: 1 }] });
    expect(published).toEqual({ status: 200, body: { status: 'published' } });
    expect((await call(server, 'GET', 'registry/attribute_groups/views')).body.is_published).toBe(true);
    expect((await call(server, 'POST', 'engines/publish', { attribute_groups: [{ name: 'views', version: 1 }] })).body).toEqual({ status: 'nothing to publish' });
    await postEvents(server.url, [pageView({ duid, url: 'https://a.example/1' })]);
    expect((await read(server, 'views_v1:page_views', duid)).body.page_views).toEqual([1]);

    expect((await call(server, 'POST', 'engines/publish', { attribute_groups: [{ name: 'ghost', version: 1 }] })).status).toBe(404);
    expect((await call(server, 'POST', 'engines/publish', { attribute_groups: [{ name: 'views' }] })).status).toBe(422);
    expect((await call(server, 'POST', 'engines/publish', {}, {})).status).toBe(401);
    expect((await call(server, 'POST', 'engines/unpublish', { attribute_groups: [{ name: 'views', version: 1 }] })).body).toEqual({ status: 'unpublished' });
    expect((await read(server, 'views_v1:page_views', duid)).status).toBe(404);
    expect((await call(server, 'POST', 'engines/unpublish', { attribute_groups: [{ name: 'views', version: 1 }] })).body).toEqual({ status: 'nothing to unpublish' });
  });
});
