import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TUTORIAL_DEFINITIONS, TUTORIAL_EVENTS } from '../../fixtures/cli/event-shapes.js';

const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
const MEASURE = new URL('../../fixtures/cli/measure-replay-memory.ts', import.meta.url).pathname;
const SHOPPER_1 = 'bc97b1b3-456a-413d-8188-132e913ddb93';
const SHOPPER_2 = '39b244a7-9c1d-4146-bd5e-17a6abe2ee9d';
const IDS_PER_SHOPPER = 500;
/** Copies of the 13 tutorial lines: ~14.6 kB each → ~44 MB; a multiple of IDS_PER_SHOPPER. */
const COPIES = 3000;
/**
 * A small V8 heap, so a replay that kept the file (or its lines) in memory would run out of heap;
 * the control below shows that reading the same file whole does.
 */
const SMALL_HEAP = ['--max-old-space-size=32', '--max-semi-space-size=2'];

/** The tutorial id with its last 4 hex digits replaced by copy number mod IDS_PER_SHOPPER. */
const idOf = (shopper: string, copy: number) => `${shopper.slice(0, -4)}${String(copy % IDS_PER_SHOPPER).padStart(4, '0')}`;

let dir: string;
let events: string;
let eventsBytes: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-memory-'));
  events = join(dir, 'large.ndjson');
  const lines = readFileSync(TUTORIAL_EVENTS, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const fd = openSync(events, 'w');
  try {
    for (let copy = 0; copy < COPIES; copy++) {
      const chunk = lines.map((line, i) => line
        .replaceAll(SHOPPER_1, idOf(SHOPPER_1, copy))
        .replaceAll(SHOPPER_2, idOf(SHOPPER_2, copy))
        .replace(/"eid":"[^"]*"/, `"eid":"copy-${copy}-${i}"`));
      writeSync(fd, `${chunk.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  eventsBytes = statSync(events).size;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('replay streams its input', () => {
  it('replays a ~44 MB file on a 32 MB heap with RSS growth well below the file size', { timeout: 30_000 }, async () => {
    expect(eventsBytes).toBeGreaterThan(40e6);
    const out = join(dir, 'output.json');
    const { stdout } = await run(process.execPath, [
      ...SMALL_HEAP, '--import', 'tsx', MEASURE, '--out', out, '--definitions', TUTORIAL_DEFINITIONS, '--events', events,
    ], { cwd: ROOT, maxBuffer: 1 << 20 });
    const measured = JSON.parse(stdout) as { exitCode: number; startRssBytes: number; peakRssBytes: number; seconds: number };
    expect(measured.exitCode).toBe(0);
    const growth = measured.peakRssBytes - measured.startRssBytes;
    // Measured ~12–16 MB here whatever the file size (20, 40 or 160 MB); reading the file whole would be > 40 MB.
    expect(growth, `RSS grew ${(growth / 1e6).toFixed(1)} MB for a ${(eventsBytes / 1e6).toFixed(1)} MB file`).toBeLessThan(eventsBytes / 2);

    // Every line was processed: each id got COPIES / IDS_PER_SHOPPER copies of its shopper's events.
    const output = JSON.parse(readFileSync(out, 'utf8'));
    const copiesPerId = COPIES / IDS_PER_SHOPPER;
    const users = output.attributes.domain_userid;
    expect(Object.keys(users)).toHaveLength(2 * IDS_PER_SHOPPER);
    expect(users[idOf(SHOPPER_1, 7)]).toEqual({
      'ecom_attributes_v1:count_product_views': 5 * copiesPerId,
      'ecom_attributes_v1:count_add_to_cart': 2 * copiesPerId,
      'ecom_attributes_v1:total_cart_value': 129.5 * copiesPerId,
    });
    expect(users[idOf(SHOPPER_2, 499)]).toEqual({
      'ecom_attributes_v1:count_product_views': 2 * copiesPerId,
      'ecom_attributes_v1:count_add_to_cart': 2 * copiesPerId,
      'ecom_attributes_v1:total_cart_value': 22 * copiesPerId,
    });
    // Send-once: each id crosses each of the 3 rules once (shopper-2 ids too: 4 views after 2 copies,
    // 110 in the cart after 5), however many copies follow.
    expect(output.interventions).toHaveLength(3 * 2 * IDS_PER_SHOPPER);
    const fired = new Set(output.interventions.map((i: { name: string; target_attribute_key: { id: string } }) => `${i.name} ${i.target_attribute_key.id}`));
    expect(fired.size).toBe(3 * 2 * IDS_PER_SHOPPER);
  });

  it('control: the same heap cannot hold the file read whole', { timeout: 30_000 }, async () => {
    const script = `const text = require('node:fs').readFileSync(${JSON.stringify(events)}, 'utf8'); console.log(text.split('\\n').length);`;
    const result = await run(process.execPath, [...SMALL_HEAP, '-e', script], { maxBuffer: 16 << 20 }).then(
      () => 'finished',
      () => 'failed',
    );
    expect(result).toBe('failed');
  });
});
