import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readTutorialPayloads, toEnrichedJson, toEnrichedTsv, toTp2Line, TUTORIAL_DEFINITIONS, TUTORIAL_EVENTS,
} from '../../fixtures/cli/event-shapes.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

const SHOPPER_1 = 'bc97b1b3-456a-413d-8188-132e913ddb93';
const SHOPPER_2 = '39b244a7-9c1d-4146-bd5e-17a6abe2ee9d';
const WINDOWED_DEFINITIONS = new URL('../../fixtures/cli/windowed-definitions.json', import.meta.url).pathname;
const WINDOWED_EVENTS = new URL('../../fixtures/cli/windowed-events.ndjson', import.meta.url).pathname;

const target = (id: string) => ({ name: 'domain_userid', id });
const intervention = (name: string, id: string, eventId: string) => ({ name, version: 1, target_attribute_key: target(id), event_id: eventId });

/** Worked out by hand from the 13 recorded payloads (see the brief in the test names). */
const TUTORIAL_OUTPUT = {
  attributes: {
    domain_userid: {
      [SHOPPER_1]: {
        'ecom_attributes_v1:count_product_views': 5,
        'ecom_attributes_v1:count_add_to_cart': 2,
        'ecom_attributes_v1:total_cart_value': 129.5,
      },
      [SHOPPER_2]: {
        'ecom_attributes_v1:count_product_views': 2,
        'ecom_attributes_v1:count_add_to_cart': 2,
        'ecom_attributes_v1:total_cart_value': 22,
      },
    },
  },
  interventions: [
    // Shopper 1: first add to cart (line 5), fourth product view (line 6), second add → 129.5 > 100 (line 8).
    intervention('cart_abandonment', SHOPPER_1, '178aa3e4-a49f-415b-aa1e-5820c8196b33'),
    intervention('discount', SHOPPER_1, '49643811-ce0a-4338-a4ef-e822dabbc7ce'),
    intervention('free_shipping', SHOPPER_1, '73fcbe8d-cb1c-4e1e-8711-9a70f556c636'),
    // Shopper 2: first add to cart (line 11); 2 views and 22 in the cart fire nothing else.
    intervention('cart_abandonment', SHOPPER_2, 'f56a482c-d3ac-4588-852b-88efd88dfa9f'),
  ],
};

let dir: string;
/** Writes `lines` (joined with `\n`) to a file in the test's temp dir and returns its path. */
const writeEvents = (name: string, lines: readonly string[], eol = '\n') => {
  const file = join(dir, name);
  writeFileSync(file, lines.join(eol));
  return file;
};
const replay = (events: string, ...extra: string[]) => runCli(['replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', events, ...extra]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('replay: the tutorial on recorded tracker payloads', () => {
  it('prints the values per domain_userid and the interventions in firing order, exit 0', async () => {
    const { code, stdout, stderr } = await replay(TUTORIAL_EVENTS);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // One JSON document on one line.
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd().includes('\n')).toBe(false);
    const output = JSON.parse(stdout);
    expect(output).toEqual(TUTORIAL_OUTPUT);
    // Shape and order: top-level keys, ids in first-seen order, attributes in definition order, intervention fields.
    expect(Object.keys(output)).toEqual(['attributes', 'interventions']);
    expect(Object.keys(output.attributes.domain_userid)).toEqual([SHOPPER_1, SHOPPER_2]);
    expect(Object.keys(output.attributes.domain_userid[SHOPPER_1])).toEqual([
      'ecom_attributes_v1:count_product_views', 'ecom_attributes_v1:count_add_to_cart', 'ecom_attributes_v1:total_cart_value',
    ]);
    for (const fired of output.interventions) expect(Object.keys(fired)).toEqual(['name', 'version', 'target_attribute_key', 'event_id']);
  });

  it('names as event_id the eid of the payload that made each crossing', async () => {
    const payloads = readTutorialPayloads();
    expect(payloads).toHaveLength(13);
    const eidAt = (line: number) => payloads[line - 1]?.['eid'];
    const output = JSON.parse((await replay(TUTORIAL_EVENTS)).stdout);
    expect(output.interventions.map((i: { event_id: string }) => i.event_id)).toEqual([eidAt(5), eidAt(6), eidAt(8), eidAt(11)]);
  });

  it('reads the events from stdin with --events -', async () => {
    const payloadText = readTutorialPayloads().map((p) => JSON.stringify(p)).join('\n');
    const { code, stdout } = await runCli(['replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', '-'], `${payloadText}\n`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });

  it('accepts CRLF line endings', async () => {
    const file = writeEvents('crlf.ndjson', readTutorialPayloads().map((p) => JSON.stringify(p)), '\r\n');
    const { code, stdout, stderr } = await replay(file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });
});

describe('replay: the same events in other shapes', () => {
  const payloads = () => readTutorialPayloads();

  it('enriched JSON (Analytics SDK shape) gives the same attributes and interventions', async () => {
    const lines = payloads().map((p) => JSON.stringify(toEnrichedJson(p)));
    expect(lines[1]).toContain('"unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1":{"type":"product_view"}');
    expect(lines[1]).toContain('"contexts_com_snowplowanalytics_snowplow_ecommerce_product_1":[{');
    const { code, stdout, stderr } = await replay(writeEvents('enriched.ndjson', lines));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });

  it('enriched TSV gives the same attributes and interventions', async () => {
    const lines = payloads().map(toEnrichedTsv);
    for (const line of lines) expect(line.split('\t')).toHaveLength(131);
    const { code, stdout, stderr } = await replay(writeEvents('enriched.tsv', lines));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });

  it('a tp2 POST body on one line is expanded into its events, in order', async () => {
    const all = payloads();
    const lines = [toTp2Line(all.slice(0, 8)), toTp2Line(all.slice(8))];
    const { code, stdout, stderr } = await replay(writeEvents('tp2.ndjson', lines));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });

  it('one file may mix payloads, POST bodies, enriched JSON and enriched TSV', async () => {
    const all = payloads();
    const lines = [
      JSON.stringify(all[0]),
      toTp2Line(all.slice(1, 4)),
      ...all.slice(4, 8).map((p) => JSON.stringify(toEnrichedJson(p))),
      ...all.slice(8, 11).map(toEnrichedTsv),
      toTp2Line(all.slice(11)),
    ];
    const { code, stdout, stderr } = await replay(writeEvents('mixed.ndjson', lines));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });
});

describe('replay --now', () => {
  const replayWindowed = (...extra: string[]) => runCli(['replay', '--definitions', WINDOWED_DEFINITIONS, '--events', WINDOWED_EVENTS, ...extra]);
  const user = (out: string, id: string) => JSON.parse(out).attributes.domain_userid[id];

  it('defaults to the latest derived_tstamp; every attribute of every group is listed per id seen', async () => {
    const { code, stdout, stderr } = await replayWindowed();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      attributes: {
        domain_userid: {
          // Views at 10:00, 10:20, 10:25; read at 10:25 → the 10-minute window (10:15, 10:25] holds 2.
          u1: {
            'visits_v2:page_views_10m': 2,
            'visits_v2:page_views_total': 3,
            'visits_v2:last_page': 'https://shop.example/c',
            'visits_v2:purchase_total': null, // sum with no contribution, no default_value
            'visits_v2:plan': 'free', // explicit default_value
          },
          u2: {
            'visits_v2:page_views_10m': 0, // counter's effective default
            'visits_v2:page_views_total': 1,
            'visits_v2:last_page': 'https://shop.example/x',
            'visits_v2:purchase_total': null,
            'visits_v2:plan': 'free',
          },
          // The event with an empty duid lists no "" id.
        },
        // A second key (from an unpublished group: a file on the command line opts in).
        domain_sessionid: {
          s1: { 'session_stats_v1:views_1d': 3 },
          s2: { 'session_stats_v1:views_1d': 1 },
          s3: { 'session_stats_v1:views_1d': 1 },
        },
      },
      interventions: [{ name: 'busy_reader', version: 3, target_attribute_key: { name: 'domain_userid', id: 'u1' }, event_id: 'w-5' }],
    });
  });

  it('moves windowed values and leaves lifetime values and interventions alone', async () => {
    const at = async (now: string) => {
      const run = await replayWindowed('--now', now);
      expect(run.code).toBe(0);
      return run.stdout;
    };
    const after6 = await at('2024-03-01T10:31:00Z'); // window (10:21, 10:31]
    expect(user(after6, 'u1')).toMatchObject({ 'visits_v2:page_views_10m': 1, 'visits_v2:page_views_total': 3 });
    // Bounds: now − period < t ≤ now.
    expect(user(await at('2024-03-01T10:34:59.999Z'), 'u1')['visits_v2:page_views_10m']).toBe(1);
    expect(user(await at('2024-03-01T10:35:00.000Z'), 'u1')['visits_v2:page_views_10m']).toBe(0);
    // Before every event: nothing in any window, lifetime values unchanged.
    const before = await at('2024-03-01T09:00:00Z');
    expect(user(before, 'u1')).toEqual({
      'visits_v2:page_views_10m': 0,
      'visits_v2:page_views_total': 3,
      'visits_v2:last_page': 'https://shop.example/c',
      'visits_v2:purchase_total': null,
      'visits_v2:plan': 'free',
    });
    expect(JSON.parse(before).attributes.domain_sessionid.s1['session_stats_v1:views_1d']).toBe(0);
    // Interventions fired while replaying, whatever the read time.
    expect(JSON.parse(before).interventions).toEqual(JSON.parse(after6).interventions);
    expect(JSON.parse(before).interventions).toHaveLength(1);
  });

  it('accepts --now=VALUE', async () => {
    const { code, stdout } = await replayWindowed('--now=2024-03-01T10:31:00Z');
    expect(code).toBe(0);
    expect(user(stdout, 'u1')['visits_v2:page_views_10m']).toBe(1);
  });

  it('leaves the tutorial lifetime counters unaffected', async () => {
    const { code, stdout } = await replay(TUTORIAL_EVENTS, '--now', '2000-01-01T00:00:00Z');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });

  it.each(['yesterday', '', '2024-13-45T00:00:00Z'])('rejects --now %j with exit 2 and the usage', async (now) => {
    const { code, stdout, stderr } = await replayWindowed('--now', now);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--now');
    expect(stderr).toContain('Usage:');
  });
});

describe('replay: bad lines', () => {
  it('reports each bad line as FILE:LINE: message, goes on, and exits 1 with valid JSON', async () => {
    const good = readTutorialPayloads().map((p) => JSON.stringify(p));
    const badPost = toTp2Line([{ e: 'pv', eid: 'post-ok', dtm: '1709287200000', duid: 'zzz' }, { e: 'pv', dtm: '1709287200000', duid: 'zzz' }]);
    const lines = [
      good[0]!, //                              1
      '{"e":"pv","eid":', //                    2 malformed JSON
      good[1]!, //                              3
      '', //                                    4 blank: ignored
      '{"eid":"no-type","duid":"x","dtm":"1"}', // 5 no "e"
      good[2]!, //                              6
      'a\tb\tc', //                             7 TSV with 3 columns
      '   ', //                                 8 whitespace only: ignored
      ...good.slice(3), //                      9–18
      badPost, //                               19 POST body whose second item has no eid
    ];
    const file = writeEvents('bad-lines.ndjson', lines);
    const { code, stdout, stderr } = await replay(file);
    expect(code).toBe(1);
    const reports = stderr.trimEnd().split('\n');
    expect(reports).toHaveLength(5);
    expect(reports[0]).toMatch(new RegExp(`^${escape(file)}:2: .*not valid JSON`));
    expect(reports[1]).toMatch(new RegExp(`^${escape(file)}:5: .*no "e"`));
    expect(reports[2]).toMatch(new RegExp(`^${escape(file)}:7: .*131.*got 3`));
    expect(reports[3]).toMatch(new RegExp(`^${escape(file)}:19: data\\[1\\]\\.eid`));
    expect(reports[4]).toBe(`${file}: 4 of 19 line(s) skipped`);
    // Every good line was still processed.
    const output = JSON.parse(stdout);
    expect(output.attributes.domain_userid[SHOPPER_1]).toEqual(TUTORIAL_OUTPUT.attributes.domain_userid[SHOPPER_1]);
    expect(output.attributes.domain_userid[SHOPPER_2]).toEqual(TUTORIAL_OUTPUT.attributes.domain_userid[SHOPPER_2]);
    expect(output.interventions).toEqual(TUTORIAL_OUTPUT.interventions);
  });

  it('labels lines read from stdin with "-"', async () => {
    const { code, stdout, stderr } = await runCli(['replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', '-'], '\nnot an event\n');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^-:2: /);
    expect(JSON.parse(stdout)).toEqual({ attributes: {}, interventions: [] });
  });

  it('reports the first 100 bad lines, then only counts the rest', async () => {
    const lines = [...Array.from({ length: 150 }, (_, i) => `garbage ${i}`), ...readTutorialPayloads().map((p) => JSON.stringify(p))];
    const file = writeEvents('many-bad.ndjson', lines);
    const { code, stdout, stderr } = await replay(file);
    expect(code).toBe(1);
    const reports = stderr.trimEnd().split('\n');
    expect(reports).toHaveLength(102);
    expect(reports[0]).toMatch(new RegExp(`^${escape(file)}:1: `));
    expect(reports[99]).toMatch(new RegExp(`^${escape(file)}:100: `));
    expect(reports[100]).toBe(`${file}: 50 more bad line(s) not shown`);
    expect(reports[101]).toBe(`${file}: 150 of 163 line(s) skipped`);
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });

  it('a file of blank lines is not an error', async () => {
    const { code, stdout, stderr } = await replay(writeEvents('blank.ndjson', ['', '  ', '\t', '']));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('{"attributes":{},"interventions":[]}\n');
  });
});

describe('replay: reading lines', () => {
  /**
   * `copies` copies of the 13 tutorial payloads (later copies with their own eids), each with a
   * multi-byte page title, joined by `\n`, `\r\n` and `\r` in turn: far more than one 64 kB read.
   */
  const manyLines = (copies: number) => {
    const lines: string[] = [];
    for (let copy = 0; copy < copies; copy++) {
      for (const p of readTutorialPayloads()) {
        lines.push(JSON.stringify({ ...p, page: 'Café – 日本語 🛒', ...(copy === 0 ? {} : { eid: `${String(p['eid'])}-${copy}` }) }));
      }
    }
    return lines;
  };
  const joinRotating = (lines: readonly string[]) => lines.map((line, i) => `${line}${['\n', '\r\n', '\r'][i % 3]}`).join('');
  const times = (n: number, values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v * n]));

  it('reads a file of many chunks with mixed line breaks, counts lines exactly and gives the same as stdin', async () => {
    const copies = 40;
    const lines = manyLines(copies);
    lines.splice(300, 0, 'not an event');
    lines.splice(450, 0, '{"e":"pv","eid":"x","dtm":"soon"}');
    const text = joinRotating(lines);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 65_536);
    const file = join(dir, 'many.ndjson');
    writeFileSync(file, text);

    const fromFile = await replay(file);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr.trimEnd().split('\n')).toEqual([
      `${file}:301: event line: neither a JSON object nor a tab-separated enriched event`,
      `${file}:451: dtm: "soon" is not epoch milliseconds within years 0–9999`,
      `${file}: 2 of ${lines.length} line(s) skipped`,
    ]);
    const output = JSON.parse(fromFile.stdout);
    expect(output.attributes.domain_userid[SHOPPER_1]).toEqual(times(copies, TUTORIAL_OUTPUT.attributes.domain_userid[SHOPPER_1]));
    expect(output.attributes.domain_userid[SHOPPER_2]).toEqual(times(copies, TUTORIAL_OUTPUT.attributes.domain_userid[SHOPPER_2]));
    // Send-once: the tutorial's 4 in the first copy, then shopper 2's other two rules (more views, a fuller cart).
    expect(output.interventions.slice(0, 4)).toEqual(TUTORIAL_OUTPUT.interventions);
    expect(output.interventions.slice(4).map((i: { name: string; target_attribute_key: { id: string } }) => `${i.name} ${i.target_attribute_key.id}`).sort())
      .toEqual([`discount ${SHOPPER_2}`, `free_shipping ${SHOPPER_2}`]);

    const fromStdin = await runCli(['replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', '-'], text);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(fromStdin.stderr).toBe(fromFile.stderr.replaceAll(file, '-'));
  });

  it('numbers lines split by lone carriage returns, with a last line that has no break', async () => {
    const good = readTutorialPayloads().map((p) => JSON.stringify(p));
    const file = join(dir, 'cr.ndjson');
    writeFileSync(file, [...good.slice(0, 3), 'bad', ...good.slice(3), 'last bad'].join('\r'));
    const { code, stdout, stderr } = await replay(file);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^${escape(file)}:4: .*\n${escape(file)}:15: .*\n${escape(file)}: 2 of 15 line\\(s\\) skipped\n$`));
    expect(JSON.parse(stdout)).toEqual(TUTORIAL_OUTPUT);
  });
});

describe('replay: files', () => {
  it('an empty events file gives no attributes and no interventions, exit 0', async () => {
    const { code, stdout, stderr } = await replay(writeEvents('empty.ndjson', []));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('{"attributes":{},"interventions":[]}\n');
  });

  it('a missing events file → exit 1 naming it, nothing on stdout', async () => {
    const missing = join(dir, 'no-such-events.ndjson');
    const { code, stdout, stderr } = await replay(missing);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(missing);
  });

  it('an events path that is a directory → exit 1 naming it (not an uncaught read error)', async () => {
    const run = await replay(dir).catch((error: unknown) => ({ code: -1, stdout: '', stderr: `threw ${String(error)}` }));
    expect(run.stderr).toContain(dir);
    expect(run.code).toBe(1);
  });

  it('a missing or invalid definitions file → exit 1 with the problems, nothing on stdout', async () => {
    const missing = await runCli(['replay', '--definitions', join(dir, 'nope.json'), '--events', TUTORIAL_EVENTS]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('nope.json');

    const broken = join(dir, 'broken-definitions.json');
    writeFileSync(broken, JSON.stringify({ attribute_groups: [{ name: 'g', attribute_key: { name: 'domain_userid' }, attributes: [{ name: 'a', type: 'int32', aggregation: 'count' }] }] }));
    const invalid = await runCli(['replay', '--definitions', broken, '--events', TUTORIAL_EVENTS]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('attribute_groups[0].attributes[0].aggregation');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
