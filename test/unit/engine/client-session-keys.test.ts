// The built-in keys client_session_user_id and client_session_session_id read the client_session entity
// (userId, sessionId) that the web tracker attaches with `contexts: { session: true }`: from tracker
// payloads, from enriched events (as the replay reads a warehouse export), and through the builders.
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { AttributeKey, client_session_session_id, client_session_user_id } from '../../../src/definitions/builders.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { fromEnrichedJson } from '../../../src/event/from-enriched-json.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';

const SESSION = 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2';
const USER = '5c5e3a6e-8d47-4a54-9c5f-9a1d2f0f6b01';
const SESSION_ID = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

const views = (key: string) => ({
  name: `views_by_${key}`, version: 1, is_published: true, attribute_key: { name: key },
  attributes: [{ name: 'page_views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }],
});
const definitions = loadDefinitions({ attribute_groups: [views('client_session_user_id'), views('client_session_session_id')] });

const payload = (eid: string) => ({
  e: 'pv', eid, p: 'web', tna: 'sp', url: 'https://shop.example/', duid: 'other-duid', dtm: '1796400000000',
  co: JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
    data: [{ schema: SESSION, data: { userId: USER, sessionId: SESSION_ID, sessionIndex: 1, storageMechanism: 'COOKIE_1' } }],
  }),
});

describe('client_session built-in keys', () => {
  it('count per client_session userId and sessionId, from tracker payloads', () => {
    const engine = createEngine(definitions);
    engine.process(fromTrackerPayload(payload('00000000-0000-4000-8000-000000000001')));
    engine.process(fromTrackerPayload(payload('00000000-0000-4000-8000-000000000002')));
    expect(engine.read('client_session_user_id', USER, 1796400001000)).toEqual({ 'views_by_client_session_user_id_v1:page_views': 2 });
    expect(engine.read('client_session_session_id', SESSION_ID, 1796400001000)).toEqual({ 'views_by_client_session_session_id_v1:page_views': 2 });
    // An event without the entity carries no id for these keys.
    engine.process(fromTrackerPayload({ ...payload('00000000-0000-4000-8000-000000000003'), co: undefined }));
    expect(engine.read('client_session_user_id', USER, 1796400001000)).toEqual({ 'views_by_client_session_user_id_v1:page_views': 2 });
  });

  it('count the same from enriched events (the Analytics SDK shape)', () => {
    const engine = createEngine(definitions);
    engine.process(fromEnrichedJson({
      event_id: '00000000-0000-4000-8000-000000000009', event: 'page_view', event_name: 'page_view', event_vendor: 'com.snowplowanalytics.snowplow',
      event_format: 'jsonschema', event_version: '1-0-0', platform: 'web', collector_tstamp: '2026-12-04T10:00:00.000Z',
      derived_tstamp: '2026-12-04T10:00:00.000Z', domain_userid: 'other-duid',
      contexts_com_snowplowanalytics_snowplow_client_session_1: [{ userId: USER, sessionId: SESSION_ID, sessionIndex: 1, storageMechanism: 'COOKIE_1' }],
    }));
    expect(engine.read('client_session_user_id', USER, Date.parse('2026-12-04T10:00:01Z'))).toEqual({ 'views_by_client_session_user_id_v1:page_views': 1 });
  });

  it('are accepted as targets and written by the builders as bare names', () => {
    expect(client_session_user_id).toEqual(AttributeKey({ name: 'client_session_user_id', description: 'The user ID of the client session entity.' }));
    expect(client_session_session_id.name).toBe('client_session_session_id');
    const withTarget = loadDefinitions({
      attribute_groups: [views('domain_userid')],
      interventions: [{
        name: 'welcome', version: 1, is_published: true, target_attribute_keys: [{ name: 'client_session_user_id' }],
        criteria: { attribute: 'views_by_domain_userid:page_views', operator: '>', value: 0 },
      }],
    });
    expect(withTarget.interventions[0]?.targets).toEqual(['client_session_user_id']);
  });
});
