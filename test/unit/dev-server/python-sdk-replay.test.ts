// Every request the Python SDK snowplow-signals 0.4.2 makes (test/fixtures/signals-clients/python-*.json,
// recorded from its source and its pydantic models) replayed against a fresh dev server, with the SDK's
// own control flow (ApiClient._request: only 200/201 with a JSON body succeed; create_or_update: a POST
// answered exactly 400 is retried as a PUT of the same body; delete in its fixed order), and every answer
// checked against what the SDK's models need (pydantic v2: unknown fields ignored, strings never coerced).
import { describe, expect, it } from 'vitest';
import type { DevServer } from '../../../demo/server/create-dev-server.js';
import { ecommerceAction, postEvents, useDevServers, waitFor } from './dev-server-helpers.js';
import { readClientFixture, type ClientRequest } from './read-client-fixture.js';

const PUBLISH = readClientFixture('python-publish.json');
const PUBLISH_EXISTING = readClientFixture('python-publish-existing.json');
const PUBLISH_KEY = readClientFixture('python-publish-attribute-key.json');
const UNPUBLISH = readClientFixture('python-unpublish.json');
const DELETE = readClientFixture('python-delete.json');
const REGISTRY_READS = readClientFixture('python-registry-reads.json');
const TEST = readClientFixture('python-test.json');
const ONLINE = readClientFixture('python-get-online-attributes.json');
const PUSH = readClientFixture('python-push-intervention.json');
const PULL = readClientFixture('python-pull-interventions.json');
const BATCH = readClientFixture('python-batch-engine.json');

const DUID = 'c6ab0e56-3b3a-4e5e-8d4c-2f1b1c9e0a11';
const SID = '7d1f3e2a-9b8c-4d6e-a5f4-3c2b1a0f9e8d';
const EMPTY = { attribute_groups: [], services: [], interventions: [] };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const startServer = useDevServers();
/** A fresh dev server with an empty registry (publish.json was recorded "on an empty registry"), default auth. */
const start = () => startServer({ definitions: EMPTY, publicServices: false });

// ---------------------------------------------------------------------------------------------------
// The SDK's HTTP layer, as ApiClient.make_request does it (api_client.py#L95-128)

interface Exchange {
  method: string;
  path: string;
  status: number;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

/** One request with the fixture's headers → status and JSON body (undefined when none). */
async function send(server: DevServer, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Exchange> {
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { method, path, status: res.status, json };
}

/** `_request`'s success rule: 200 or 201 and a JSON body; anything else is a SignalsAPIError. */
function sdkSucceeded(x: Exchange): boolean {
  return (x.status === 200 || x.status === 201) && x.json !== undefined;
}

const pathOf = (r: ClientRequest) => (r.query === undefined ? r.path : `${r.path}?${r.query}`);

/** The PUT path create_or_update falls back to (registry_client.py#L105-174). */
function putPathFor(postPath: string, body: Record<string, unknown>): string {
  const name = String(body['name']);
  const version = String(body['version'] ?? 1);
  if (postPath.endsWith('/attribute_groups/')) return `/api/v1/registry/attribute_groups/${name}/versions/${version}`;
  if (postPath.endsWith('/interventions/')) return `/api/v1/registry/interventions/${name}/versions/${version}`;
  if (postPath.endsWith('/services/')) return `/api/v1/registry/services/${name}`;
  if (postPath.endsWith('/attribute_keys/')) return `/api/v1/registry/attribute_keys/${name}`;
  throw new Error(`not a registry create path: ${postPath}`);
}

/** `RegistryClient.create_or_update` for each POST of the list: POST, on exactly 400 PUT the same body. */
async function publish(server: DevServer, posts: ClientRequest[]): Promise<Exchange[]> {
  const log: Exchange[] = [];
  for (const post of posts) {
    expect(post.method).toBe('POST');
    const first = await send(server, 'POST', post.path, post.headers, post.body);
    log.push(first);
    if (first.status === 400) {
      const put = await send(server, 'PUT', putPathFor(post.path, post.body as Record<string, unknown>), post.headers, post.body);
      log.push(put);
      expect(sdkSucceeded(put), `PUT ${put.path} → ${put.status} ${JSON.stringify(put.json)}`).toBe(true);
    } else {
      expect(sdkSucceeded(first), `POST ${post.path} → ${first.status} ${JSON.stringify(first.json)}`).toBe(true);
    }
  }
  return log;
}

// ---------------------------------------------------------------------------------------------------
// What the SDK's models need of the answers (models/model.py, attribute_group.py, service.py, interventions.py)

type Problems = string[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const NAME = /^[A-Za-z0-9_]{1,128}$/;
const TYPES = ['bytes', 'string', 'int32', 'int64', 'double', 'float', 'bool', 'unix_timestamp',
  'bytes_list', 'string_list', 'int32_list', 'int64_list', 'double_list', 'float_list', 'bool_list', 'unix_timestamp_list'];
const AGGREGATIONS = ['counter', 'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list'];
const VIEW_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'like', 'in'];
const RULE_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'rlike', 'not rlike', 'in', 'not in', 'is null', 'is not null'];
const RULE_ATTRIBUTE = /^[A-Za-z0-9_]{1,128}:[A-Za-z0-9_]{1,128}$/;
/** email-validator (pydantic EmailStr) refuses special-use domains. */
const SPECIAL_USE = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'];

function checkEmail(v: unknown, at: string, p: Problems): void {
  const m = typeof v === 'string' ? /^[^@\s]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/.exec(v) : null;
  if (m === null) p.push(`${at}: not an email (${JSON.stringify(v)})`);
  else if (SPECIAL_USE.includes(m[1]!.split('.').pop()!.toLowerCase())) p.push(`${at}: special-use domain`);
}
function checkName(v: unknown, at: string, p: Problems): void {
  if (typeof v !== 'string' || !NAME.test(v)) p.push(`${at}: name ${JSON.stringify(v)} not ^[A-Za-z0-9_]+$ (1-128)`);
}
function checkOptional(o: Record<string, unknown>, field: string, type: 'boolean' | 'string' | 'integer', at: string, p: Problems): void {
  const v = o[field];
  if (v === undefined || v === null) return;
  if (type === 'integer' ? !(Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v))) : typeof v !== type) p.push(`${at}.${field}: not ${type}`);
}
/** A timedelta: ISO-8601 duration or a number of seconds. */
function checkDuration(v: unknown, at: string, p: Problems): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'number') return;
  if (typeof v !== 'string' || !/^-?P(?!$)(\d+(\.\d+)?[YMWD])*(T(?=\d)(\d+(\.\d+)?[HMS])*)?$/.test(v)) p.push(`${at}: not a duration (${JSON.stringify(v)})`);
}
/** Atomic / event / entity property object (a string only where the output model allows it). */
function checkProperty(v: unknown, at: string, p: Problems, stringAllowed: boolean): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'string' && stringAllowed) return;
  if (!isObject(v)) return void p.push(`${at}: property must be an object`);
  const type = v['type'] ?? 'atomic';
  if (type === 'atomic') {
    if (typeof v['name'] !== 'string') p.push(`${at}.name: required`);
  } else if (type === 'event' || type === 'entity') {
    if (typeof v['vendor'] !== 'string' || v['vendor'] === '') p.push(`${at}.vendor: required`);
    if (typeof v['name'] !== 'string' || !/^[a-zA-Z0-9-_]+$/.test(v['name'])) p.push(`${at}.name: required`);
    if (!Number.isInteger(v['major_version']) || (v['major_version'] as number) < 1) p.push(`${at}.major_version: positive int required`);
    if (typeof v['path'] !== 'string' || v['path'] === '') p.push(`${at}.path: required`);
    if (type === 'entity' && v['index'] != null && !(Number.isInteger(v['index']) && (v['index'] as number) >= 0)) p.push(`${at}.index: int >= 0`);
  } else p.push(`${at}.type: ${JSON.stringify(type)} not atomic|event|entity`);
}
function checkViewCriteria(v: unknown, at: string, p: Problems, stringProperty: boolean): void {
  if (v === undefined || v === null) return;
  if (!isObject(v)) return void p.push(`${at}: criteria must be an object`);
  for (const list of ['all', 'any'] as const) {
    const items = v[list];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) {
      p.push(`${at}.${list}: not a list`);
      continue;
    }
    items.forEach((c: unknown, i) => {
      if (!isObject(c)) return void p.push(`${at}.${list}[${i}]: not an object`);
      checkProperty(c['property'], `${at}.${list}[${i}].property`, p, stringProperty);
      if (c['property'] === undefined) p.push(`${at}.${list}[${i}].property: required`);
      if (!VIEW_OPERATORS.includes(c['operator'] as string)) p.push(`${at}.${list}[${i}].operator: ${JSON.stringify(c['operator'])}`);
    });
  }
}
function checkAttributeKey(v: unknown, at: string, p: Problems, output: boolean): void {
  if (!isObject(v)) return void p.push(`${at}: attribute key must be an object`);
  if (v['name'] === undefined && v['property'] === undefined && v['external_column'] === undefined) p.push(`${at}.name: required`);
  if (v['name'] !== undefined) checkName(v['name'], `${at}.name`, p);
  checkProperty(v['property'], `${at}.property`, p, false);
  checkOptional(v, 'owner', 'string', at, p);
  checkOptional(v, 'is_published', 'boolean', at, p);
  checkDuration(v['ttl'], `${at}.ttl`, p);
  if (output && (!Object.hasOwn(v, 'blobl_path') || (v['blobl_path'] !== null && typeof v['blobl_path'] !== 'string'))) p.push(`${at}.blobl_path: required (string or null)`);
}
/** `AttributeGroup` (answer to POST/PUT), or `AttributeGroupResponse` (answer to GET) when `response`. */
function checkAttributeGroup(v: unknown, response: boolean): Problems {
  const p: Problems = [];
  if (!isObject(v)) return ['group: not an object'];
  checkName(v['name'], 'group.name', p);
  checkOptional(v, 'version', 'integer', 'group', p);
  for (const f of ['online', 'offline', 'is_published'] as const) checkOptional(v, f, 'boolean', 'group', p);
  checkOptional(v, 'description', 'string', 'group', p);
  checkDuration(v['ttl'], 'group.ttl', p);
  checkAttributeKey(v['attribute_key'], 'group.attribute_key', p, response);
  if (response) {
    for (const f of ['attribute_key_or_name', 'feast_name', 'full_name'] as const) if (typeof v[f] !== 'string') p.push(`group.${f}: required string`);
    if (!Object.hasOwn(v, 'stream_source_name') || (v['stream_source_name'] !== null && typeof v['stream_source_name'] !== 'string')) p.push('group.stream_source_name: required (string or null)');
    checkDuration(v['attribute_group_or_attribute_key_ttl'], 'group.attribute_group_or_attribute_key_ttl', p);
    if (v['owner'] != null) checkOptional(v, 'owner', 'string', 'group', p);
  } else {
    checkEmail(v['owner'], 'group.owner', p);
  }
  const attributes = v['attributes'];
  if (attributes !== undefined && attributes !== null) {
    if (!Array.isArray(attributes)) p.push('group.attributes: not a list');
    else attributes.forEach((a: unknown, i) => {
      const at = `group.attributes[${i}]`;
      if (!isObject(a)) return void p.push(`${at}: not an object`);
      checkName(a['name'], `${at}.name`, p);
      if (!TYPES.includes(a['type'] as string)) p.push(`${at}.type: ${JSON.stringify(a['type'])}`);
      if (!AGGREGATIONS.includes(a['aggregation'] as string)) p.push(`${at}.aggregation: ${JSON.stringify(a['aggregation'])}`);
      const events = a['events'];
      if (!Array.isArray(events) || events.length === 0) p.push(`${at}.events: at least one`);
      else events.forEach((e: unknown, j) => {
        if (!isObject(e)) return void p.push(`${at}.events[${j}]: not an object`);
        if (e['version'] != null && !(typeof e['version'] === 'string' && /^[0-9]+-[0-9]+-[0-9]+$/.test(e['version']))) p.push(`${at}.events[${j}].version`);
      });
      checkProperty(a['property'], `${at}.property`, p, response);
      checkViewCriteria(a['criteria'], `${at}.criteria`, p, response);
      checkDuration(a['period'], `${at}.period`, p);
    });
  }
  return p;
}
/** `Service` (service.py): name, owner EmailStr, attribute_groups 1-100 `{name, version?}` when present. */
function checkService(v: unknown): Problems {
  const p: Problems = [];
  if (!isObject(v)) return ['service: not an object'];
  checkName(v['name'], 'service.name', p);
  checkEmail(v['owner'], 'service.owner', p);
  checkOptional(v, 'is_published', 'boolean', 'service', p);
  checkOptional(v, 'description', 'string', 'service', p);
  const groups = v['attribute_groups'];
  if (groups !== undefined) {
    if (!Array.isArray(groups) || groups.length < 1 || groups.length > 100) p.push('service.attribute_groups: 1-100 items');
    else groups.forEach((g: unknown, i) => {
      if (!isObject(g) || typeof g['name'] !== 'string') p.push(`service.attribute_groups[${i}].name: required`);
      else checkOptional(g, 'version', 'integer', `service.attribute_groups[${i}]`, p);
    });
  }
  return p;
}
function checkRuleCriteria(v: unknown, at: string, p: Problems): void {
  if (!isObject(v)) return void p.push(`${at}: not an object`);
  const nested = (['all', 'any', 'none'] as const).filter((k) => v[k] !== undefined);
  if (nested.length > 0) {
    for (const k of nested) {
      const list = v[k];
      if (!Array.isArray(list)) p.push(`${at}.${k}: not a list`);
      else list.forEach((c: unknown, i) => checkRuleCriteria(c, `${at}.${k}[${i}]`, p));
    }
    return;
  }
  if (typeof v['attribute'] !== 'string' || !RULE_ATTRIBUTE.test(v['attribute'])) p.push(`${at}.attribute: ${JSON.stringify(v['attribute'])} not <group>:<attribute>`);
  if (!RULE_OPERATORS.includes(v['operator'] as string)) p.push(`${at}.operator: ${JSON.stringify(v['operator'])}`);
}
/** `RuleIntervention` (answer to POST/PUT, owner EmailStr) or `RuleInterventionOutput` (GET, owner optional). */
function checkRuleIntervention(v: unknown, output: boolean): Problems {
  const p: Problems = [];
  if (!isObject(v)) return ['intervention: not an object'];
  checkName(v['name'], 'intervention.name', p);
  if (output) checkOptional(v, 'owner', 'string', 'intervention', p);
  else checkEmail(v['owner'], 'intervention.owner', p);
  checkOptional(v, 'version', 'integer', 'intervention', p);
  checkOptional(v, 'is_published', 'boolean', 'intervention', p);
  checkRuleCriteria(v['criteria'], 'intervention.criteria', p);
  const targets = v['target_attribute_keys'];
  if (targets != null) {
    if (!Array.isArray(targets)) p.push('intervention.target_attribute_keys: not a list');
    else targets.forEach((t: unknown, i) => {
      if (!isObject(t) || typeof t['name'] !== 'string') p.push(`intervention.target_attribute_keys[${i}]: must be {name}`);
    });
  }
  return p;
}
/** `AttributeKey` (attribute_key.py). */
function checkAttributeKeyAnswer(v: unknown): Problems {
  const p: Problems = [];
  checkAttributeKey(v, 'attribute_key', p, false);
  return p;
}
/** The model the SDK validates a registry write's answer with, by path. */
function checkWriteAnswer(path: string, v: unknown): Problems {
  if (path.includes('/attribute_groups/')) return checkAttributeGroup(v, false);
  if (path.includes('/services/')) return checkService(v);
  if (path.includes('/interventions/')) return checkRuleIntervention(v, false);
  if (path.includes('/attribute_keys/')) return checkAttributeKeyAnswer(v);
  throw new Error(path);
}
/** `GetAttributesResponse.data: dict[str, list[Any]]`: every value an array. */
function checkOnlineAnswer(v: unknown): Problems {
  if (!isObject(v)) return ['answer: not an object'];
  return Object.entries(v).filter(([, col]) => !Array.isArray(col)).map(([k]) => `column ${k}: not a list`);
}
/** What attributes_client.py#L66-81 returns: each column's first entry, or None for []. */
const sdkAttributes = (v: Record<string, unknown[]>) => Object.fromEntries(Object.entries(v).map(([k, col]) => [k, col.length > 0 ? col[0] : null]));
/** `pandas.DataFrame(data)`: an object of equal-length arrays, or an array of row objects. */
function checkDataFrame(v: unknown): Problems {
  if (Array.isArray(v)) return v.every(isObject) ? [] : ['rows: not all objects'];
  if (!isObject(v)) return ['not an object or array'];
  const columns = Object.values(v);
  if (!columns.every(Array.isArray)) return ['a column is not a list (scalars need an index)'];
  const lengths = new Set(columns.map((c) => (c as unknown[]).length));
  return lengths.size <= 1 ? [] : ['columns of unequal length'];
}
/** `InterventionInstance` (model.py#L681-698): the Python subscriber's model of each `data: ` line. */
function checkInterventionInstance(v: unknown): Problems {
  const p: Problems = [];
  if (!isObject(v)) return ['instance: not an object'];
  checkName(v['name'], 'instance.name', p);
  if (!Number.isInteger(v['version'])) p.push('instance.version: int required');
  if (v['intervention_id'] != null && !(typeof v['intervention_id'] === 'string' && UUID.test(v['intervention_id']))) p.push('instance.intervention_id: not a UUID');
  const target = v['target_attribute_key'];
  if (target != null && !(isObject(target) && typeof target['name'] === 'string' && typeof target['id'] === 'string')) p.push('instance.target_attribute_key: {name, id} strings');
  const attributes = v['attributes'];
  if (attributes != null) {
    if (!isObject(attributes)) p.push('instance.attributes: not a dict');
    else for (const [k, a] of Object.entries(attributes)) if (typeof a !== 'string') p.push(`instance.attributes.${k}: ${JSON.stringify(a)} is not a string`);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------
// The Python subscriber: httpx iter_lines(), only lines starting `data: ` (interventions_subscription.py#L141-161)

interface PythonSubscriber {
  status: number;
  contentType: string | null;
  /** Every line received, in order. */
  lines: string[];
  /** The `data: ` lines' JSON, each line parsed alone. */
  instances: unknown[];
  close(): void;
}
async function pullInterventions(server: DevServer, request: ClientRequest): Promise<PythonSubscriber> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}${pathOf(request)}`, { headers: request.headers ?? {}, signal: controller.signal });
  const sub: PythonSubscriber = { status: res.status, contentType: res.headers.get('content-type'), lines: [], instances: [], close: () => controller.abort() };
  if (res.status !== 200 || res.body === null) return sub;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.search(/\r\n|\n|\r/)) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
          sub.lines.push(line);
          if (line.startsWith('data: ')) sub.instances.push(JSON.parse(line.slice('data: '.length)));
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  await waitFor(() => sub.lines.includes(': connected'));
  return sub;
}

/** The fixtures' user: 4 product views (→ discount), one add to cart of 129.99 (→ cart_abandonment, free_shipping). */
async function trackTutorialUser(server: DevServer, appId = 'website'): Promise<void> {
  const events = [
    ...[1, 2, 3, 4].map(() => ecommerceAction({ type: 'product_view', duid: DUID, sid: SID })),
    ecommerceAction({ type: 'add_to_cart', duid: DUID, sid: SID, price: 129.99 }),
  ].map((e) => ({ ...e, aid: appId }));
  expect((await postEvents(server.url, events)).status).toBe(200);
}

const describeAnswer = (x: Exchange) => `${x.method} ${x.path} → ${x.status} ${JSON.stringify(x.json)}`;

// ---------------------------------------------------------------------------------------------------

describe('Python SDK 0.4.2 replayed against the dev server', () => {
  it('publish() on an empty registry: keys, groups, services, interventions POSTed, each answer valid for its model', async () => {
    const server = await start();
    const log = await publish(server, PUBLISH);
    expect(log.map((x) => `${x.method} ${x.path} ${x.status}`)).toEqual(PUBLISH.map((r) => `POST ${r.path} 200`));
    for (const x of log) {
      expect(checkWriteAnswer(x.path, x.json), describeAnswer(x)).toEqual([]);
      expect(x.json).toMatchObject({ name: (PUBLISH[log.indexOf(x)]!.body as { name: string }).name, is_published: true });
    }
  });

  it('publish() again: every POST answers exactly 400, the SDK PUTs the same body, the PUT answers validate', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    const log = await publish(server, PUBLISH);
    expect(log.map((x) => `${x.method} ${x.path}`)).toEqual(PUBLISH_EXISTING.map((r) => `${r.method} ${r.path}`));
    log.forEach((x, i) => {
      expect(PUBLISH_EXISTING[i]!.expect.status, describeAnswer(x)).toContain(x.status);
      if (x.method === 'PUT') {
        expect(PUBLISH_EXISTING[i]!.body).toEqual(PUBLISH_EXISTING[i - 1]!.body);
        expect(checkWriteAnswer(x.path, x.json), describeAnswer(x)).toEqual([]);
      }
    });
  });

  it('publish([domain_userid]): the attribute key is created or replaced, its answer validates as AttributeKey', async () => {
    const server = await start();
    const [post, put] = PUBLISH_KEY;
    const log = await publish(server, [post!]);
    expect(log.map((x) => `${x.method} ${x.path}`)).toEqual(log.length === 1 ? [`POST ${post!.path}`] : [`POST ${post!.path}`, `PUT ${put!.path}`]);
    expect(checkWriteAnswer(post!.path, log.at(-1)!.json)).toEqual([]);
    expect(log.at(-1)!.json).toMatchObject({ name: 'domain_userid', is_published: true });
    // Once it exists: 400 → PUT.
    const again = await publish(server, [post!]);
    expect(again.map((x) => `${x.method} ${x.path} ${x.status}`)).toEqual([`POST ${post!.path} 400`, `PUT ${put!.path} 200`]);
  });

  it('after publish: registry reads, get-online-attributes (service, list, single bare name) and test() answer as the SDK models need', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    await trackTutorialUser(server);

    for (const r of REGISTRY_READS) {
      const x = await send(server, r.method, pathOf(r), r.headers);
      expect(r.expect.status, describeAnswer(x)).toContain(x.status);
      expect(sdkSucceeded(x)).toBe(true);
      const problems = r.path.includes('/attribute_groups/') ? checkAttributeGroup(x.json, true)
        : r.path.includes('/services/') ? checkService(x.json)
        : r.path.endsWith('/interventions/') ? (Array.isArray(x.json) ? x.json.flatMap((i) => checkRuleIntervention(i, true)) : ['not a list'])
        : checkRuleIntervention(x.json, true);
      expect(problems, describeAnswer(x)).toEqual([]);
    }
    const list = await send(server, 'GET', '/api/v1/registry/interventions/', REGISTRY_READS[0]!.headers);
    expect((list.json as { name: string }[]).map((i) => i.name).sort()).toEqual(['cart_abandonment', 'discount', 'free_shipping']);

    for (const r of ONLINE) {
      const x = await send(server, r.method, r.path, r.headers, r.body);
      expect(r.expect.status, describeAnswer(x)).toContain(x.status);
      expect(checkOnlineAnswer(x.json), describeAnswer(x)).toEqual([]);
      // The values the SDK returns are the fixture's (recorded for this very journey).
      expect(sdkAttributes(x.json as Record<string, unknown[]>)).toEqual(sdkAttributes(r.expect.example_answer as Record<string, unknown[]>));
    }

    const [all, filtered] = TEST;
    const tested = await send(server, all!.method, all!.path, all!.headers, all!.body);
    expect(all!.expect.status, describeAnswer(tested)).toContain(tested.status);
    expect(checkDataFrame(tested.json)).toEqual([]);
    expect(tested.json).toEqual({ domain_userid: [DUID], count_product_views: [4], count_add_to_cart: [1], total_cart_value: [129.99] });
    const testedFiltered = await send(server, filtered!.method, filtered!.path, filtered!.headers, filtered!.body);
    expect(filtered!.expect.status, describeAnswer(testedFiltered)).toContain(testedFiltered.status);
    expect(checkDataFrame(testedFiltered.json)).toEqual([]);
    expect((testedFiltered.json as Record<string, unknown[]>)['domain_userid']).toEqual(['user-1']);
  });

  it('pull_interventions(): the engine\'s frames after tracked events and direct pushes are one-line `data: ` InterventionInstances with string attributes', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    const [pull] = PULL;
    const sub = await pullInterventions(server, pull!);
    expect(sub.status).toBe(200);
    expect(sub.contentType).toMatch(/^text\/event-stream/);

    await trackTutorialUser(server);
    await waitFor(() => sub.instances.length >= 3);
    const fired = sub.instances as { name: string; attributes: Record<string, string> }[];
    expect(fired.map((i) => i.name).sort()).toEqual(['cart_abandonment', 'discount', 'free_shipping']);
    expect(fired.find((i) => i.name === 'discount')).toMatchObject({
      intervention_id: expect.stringMatching(UUID), version: 1, target_attribute_key: { name: 'domain_userid', id: DUID },
    });
    for (const instance of fired) {
      expect(checkInterventionInstance(instance), JSON.stringify(instance)).toEqual([]);
      expect(isObject(instance.attributes) && Object.keys(instance.attributes).length > 0).toBe(true);
    }

    // Direct pushes, as push_intervention sends them: delivered → 'success' (DeliveryStatus).
    for (const r of PUSH) {
      const x = await send(server, r.method, pathOf(r), r.headers, r.body);
      expect(r.expect.status, describeAnswer(x)).toContain(x.status);
      expect(x.json).toEqual({ status: 'success' });
    }
    await waitFor(() => sub.instances.length >= 3 + PUSH.length);
    const pushed = sub.instances.slice(3) as Record<string, unknown>[];
    expect(pushed[0]).toEqual({ intervention_id: expect.stringMatching(UUID), name: 'discount', version: 1, target_attribute_key: { name: 'domain_userid', id: DUID }, attributes: {} });
    expect(pushed[1]).toEqual(PUSH[1]!.body);
    for (const instance of pushed) expect(checkInterventionInstance(instance), JSON.stringify(instance)).toEqual([]);

    // The wire format: comments and one-line `data: ` frames, each followed by a blank line; never `event:` or `id:`.
    for (const [i, line] of sub.lines.entries()) {
      expect(line === '' || line.startsWith(': ') || line.startsWith('data: '), JSON.stringify(line)).toBe(true);
      if (line.startsWith('data: ')) expect(sub.lines[i + 1]).toBe('');
    }
    sub.close();

    // Nobody listening: 'undelivered', still a DeliveryStatus the SDK returns.
    const nobody = await send(server, PUSH[0]!.method, `${PUSH[0]!.path}?domain_userid=00000000-0000-4000-8000-00000000dead`, PUSH[0]!.headers, PUSH[0]!.body);
    expect(nobody.json).toEqual({ status: 'undelivered' });
  });

  it('unpublish(): the same writes with is_published false (400 → PUT), after which the objects no longer run', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    const log = await publish(server, UNPUBLISH.filter((r) => r.method === 'POST'));
    expect(log.map((x) => `${x.method} ${x.path}`)).toEqual(UNPUBLISH.map((r) => `${r.method} ${r.path}`));
    for (const x of log.filter((e) => e.method === 'PUT')) {
      expect(checkWriteAnswer(x.path, x.json), describeAnswer(x)).toEqual([]);
      expect(x.json).toMatchObject({ is_published: false });
    }
    const read = await send(server, ONLINE[0]!.method, ONLINE[0]!.path, ONLINE[0]!.headers, ONLINE[0]!.body);
    expect(read.status).toBe(404);
  });

  it('delete(): interventions, services, groups in the SDK\'s order, each 200 with a JSON body (never 204), then gone', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    for (const r of DELETE) {
      const x = await send(server, r.method, r.path, r.headers);
      expect(r.expect.status, describeAnswer(x)).toContain(x.status);
      expect(sdkSucceeded(x), describeAnswer(x)).toBe(true);
      expect(isObject(x.json)).toBe(true);
    }
    for (const r of REGISTRY_READS.filter((q) => q.path !== '/api/v1/registry/interventions/')) {
      expect((await send(server, r.method, r.path, r.headers)).status, r.path).toBe(404);
    }
    expect((await send(server, 'GET', '/api/v1/registry/interventions/', REGISTRY_READS[0]!.headers)).json).toEqual([]);
  });

  it('batch-engine CLI: the registry listings with offline/property_syntax and engines/publish answer as it needs', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    for (const r of BATCH.filter((q) => q.path.startsWith('/api/v1/registry/attribute_groups/') && q.method === 'GET')) {
      const x = await send(server, r.method, pathOf(r), r.headers);
      expect(sdkSucceeded(x), describeAnswer(x)).toBe(true);
      expect(Array.isArray(x.json)).toBe(true);
      for (const g of x.json as unknown[]) expect(checkAttributeGroup(g, true)).toEqual([]);
    }
    const enginePublish = BATCH.find((q) => q.path === '/api/v1/engines/publish')!;
    const x = await send(server, enginePublish.method, enginePublish.path, enginePublish.headers, enginePublish.body);
    expect(sdkSucceeded(x), describeAnswer(x)).toBe(true);
    expect(['published', 'nothing to publish']).toContain((x.json as { status: string }).status);
  });

  it('batch-engine CLI: GET /health-all and PUT …/batch_source are not served (the README says so): an error the SDK reports, not a success', async () => {
    const server = await start();
    await publish(server, PUBLISH);
    const unserved = BATCH.filter((q) => q.path === '/health-all' || q.path.endsWith('/batch_source'));
    expect(unserved.map((q) => q.method)).toEqual(['GET', 'PUT']);
    for (const r of unserved) {
      const x = await send(server, r.method, pathOf(r), r.headers, r.body);
      expect(sdkSucceeded(x), describeAnswer(x)).toBe(false);
      expect(x.status, describeAnswer(x)).toBeGreaterThanOrEqual(400);
    }
  });
});
