import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventError } from '../../../src/errors.js';
import { parseEventLine } from '../../../src/event/parse-event-line.js';

const text = (name: string) => readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8');
const oneLine = (name: string) => JSON.stringify(JSON.parse(text(name)));

describe('parseEventLine', () => {
  it('gives [] for empty and whitespace lines', () => {
    expect(parseEventLine('')).toEqual([]);
    expect(parseEventLine('  \t \r\n')).toEqual([]);
  });

  it('reads a tracker payload object', () => {
    const [ev, ...rest] = parseEventLine(oneLine('add-to-cart.payload.json'));
    expect(rest).toEqual([]);
    expect(ev?.atomic['event']).toBe('unstruct');
    expect(ev?.derivedTstamp).toBe(1637366637885);
  });

  it('reads every item of a tp2 POST body', () => {
    const body = JSON.parse(text('add-to-cart.tp2.json'));
    body.data.push({ ...body.data[0], e: 'pv', eid: 'second', ue_pr: undefined });
    const events = parseEventLine(JSON.stringify(body));
    expect(events.map((e) => e.atomic['event_id'])).toEqual(['c6ef3124-b53a-4b13-a233-0088f79dcbcb', 'second']);
    expect(events[0]?.atomic['dvce_sent_tstamp']).toBe('2021-11-20T00:03:58.000Z');
    expect(events[1]?.atomic['event_name']).toBe('page_view');
  });

  it('prefixes errors of a POST item with its index', () => {
    const body = { schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ e: 'pv', eid: 'a', dtm: '1' }, { e: 'pv', dtm: '1' }] };
    expect(() => parseEventLine(JSON.stringify(body))).toThrow(/^data\[1\]\.eid: missing/);
    expect(() => parseEventLine(JSON.stringify({ ...body, data: [1] }))).toThrow(/^data\[0\]: expected a tracker payload/);
    expect(() => parseEventLine(JSON.stringify({ ...body, data: {} }))).toThrow(/^data: expected an array/);
  });

  it('reads enriched JSON (SDK shape and full)', () => {
    expect(parseEventLine(oneLine('add-to-cart.enriched.json'))[0]?.contexts).toHaveLength(5);
    expect(parseEventLine(oneLine('add-to-cart.enriched-full.json'))[0]?.unstruct?.version).toBe('1-0-2');
    // Detected as enriched by a contexts_… key alone (then the enriched reader asks for event_id).
    expect(() => parseEventLine('{"contexts_com_acme_a_1": [{}], "derived_tstamp": "2021-11-20T00:00:00Z"}')).toThrow(/^event_id: missing/);
    expect(parseEventLine('{"collector_tstamp": "2021-11-20 00:00:00.000", "event_id": "x"}')[0]?.derivedTstamp).toBe(Date.parse('2021-11-20T00:00:00Z'));
  });

  it('passes schema hints to enriched readers', () => {
    const line = JSON.stringify({ event_id: 'e', derived_tstamp: '2021-11-20T00:00:00Z', contexts_com_acme_shop_basket_item_1: [{}] });
    const [ev] = parseEventLine(line, { schemas: [{ vendor: 'com.acme.shop', name: 'basket_item' }] });
    expect(ev?.contexts[0]).toMatchObject({ vendor: 'com.acme.shop', name: 'basket_item' });
  });

  it('sets only the columns asked for on tracker payload events, and refuses the same lines', () => {
    const line = oneLine('add-to-cart.payload.json');
    const [full] = parseEventLine(line);
    const columns = new Set(['domain_userid', 'page_urlpath']);
    const [slim] = parseEventLine(line, { columns });
    expect(slim?.atomic['domain_userid']).toBe(full?.atomic['domain_userid']);
    expect(slim?.atomic['page_urlpath']).toBe(full?.atomic['page_urlpath']);
    expect(slim?.atomic['event_id']).toBe(full?.atomic['event_id']);
    expect(slim?.derivedTstamp).toBe(full?.derivedTstamp);
    expect(slim?.unstruct).toEqual(full?.unstruct);
    expect(slim?.contexts).toEqual(full?.contexts);
    expect(full?.atomic['br_lang']).toBeDefined();
    expect(slim?.atomic).not.toHaveProperty('br_lang');
    // POST bodies too; and a bad parameter of an unread column is still an error.
    const body = JSON.parse(text('add-to-cart.tp2.json'));
    expect(parseEventLine(JSON.stringify(body), { columns })[0]?.atomic).not.toHaveProperty('br_lang');
    body.data[0].vp = 'wide';
    expect(() => parseEventLine(JSON.stringify(body), { columns })).toThrow(/^data\[0\]\.vp: "wide" is not WIDTHxHEIGHT/);
    // Enriched events carry every column.
    expect(parseEventLine(oneLine('add-to-cart.enriched.json'), { columns })[0]?.atomic['br_lang']).toBeDefined();
  });

  it('reads an enriched TSV line', () => {
    const [ev] = parseEventLine(text('add-to-cart.enriched.tsv'));
    expect(ev?.atomic['collector_tstamp']).toBe('2021-11-20T00:03:58.100Z');
    expect(ev?.contexts).toHaveLength(5);
  });

  it.each([
    ['plain text', 'hello world', /neither a JSON object nor a tab-separated/],
    ['broken JSON', '{"e": ', /starts with "\{" but is not valid JSON/],
    ['JSON array', '[1, 2]', /neither a JSON object nor a tab-separated/],
    ['unrecognised object', '{"foo": 1}', /neither a tracker payload/],
    ['short TSV', 'a\tb', /expected 131 tab-separated columns, got 2/],
  ])('throws EventError for %s', (_name, line, message) => {
    expect(() => parseEventLine(line)).toThrow(message);
    expect(() => parseEventLine(line)).toThrow(EventError);
  });
});
