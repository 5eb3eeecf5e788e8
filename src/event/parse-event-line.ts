import { EventError } from '../errors.js';
import type { AtomicEvent } from './atomic-event.js';
import { type EnrichedJsonOptions, fromEnrichedJson } from './from-enriched-json.js';
import { fromEnrichedTsv } from './from-enriched-tsv.js';
import { fromTrackerPayload, type TrackerPayloadOptions } from './from-tracker-payload.js';
import { isRecord } from '../is-record.js';

/** Options of {@link parseEventLine}. */
export interface EventLineOptions extends EnrichedJsonOptions, Pick<TrackerPayloadOptions, 'columns'> {}

const PAYLOAD_DATA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-';

/**
 * Reads one line of a recorded event file, detecting its shape:
 * - a JSON tp2 POST body `{"schema": "iglu:…/payload_data/jsonschema/1-0-x", "data": [...]}` → one event per item;
 * - a JSON object with `e` → a tracker payload;
 * - a JSON object with `event_id`, `collector_tstamp` or `unstruct_event_…`/`contexts_…` keys → an enriched event (JSON);
 * - otherwise a line containing tabs → an enriched TSV line.
 * An empty or whitespace-only line gives `[]`. `options.columns` (an engine plan's columns) limits the
 * atomic columns of tracker payload events, which are checked all the same; enriched events carry every column.
 * @throws EventError saying what is wrong (unknown shape, or the reader's error, prefixed with `data[i]` for POST bodies).
 */
export function parseEventLine(line: string, options?: EventLineOptions): AtomicEvent[] {
  const first = firstNonSpace(line);
  if (first < 0) return [];
  if (line.charCodeAt(first) === 123 /* { */) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    if (json !== undefined) return readJsonLine(json, options);
    if (!line.includes('\t')) throw new EventError('event line: starts with "{" but is not valid JSON');
  }
  if (line.includes('\t')) return [fromEnrichedTsv(line, options)];
  throw new EventError('event line: neither a JSON object nor a tab-separated enriched event');
}

function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
  }
  return -1;
}

function readJsonLine(json: unknown, options: EventLineOptions | undefined): AtomicEvent[] {
  if (!isRecord(json)) throw new EventError('event line: expected a JSON object');
  const schema = json['schema'];
  if (typeof schema === 'string' && schema.startsWith(PAYLOAD_DATA)) {
    const data = json['data'];
    if (!Array.isArray(data)) throw new EventError('data: expected an array of tracker payloads');
    const events: AtomicEvent[] = [];
    for (let i = 0; i < data.length; i++) {
      const item: unknown = data[i];
      if (!isRecord(item)) throw new EventError(`data[${i}]: expected a tracker payload object`);
      try {
        events.push(fromTrackerPayload(item, options));
      } catch (err) {
        if (err instanceof EventError) throw new EventError(`data[${i}].${err.message}`);
        throw err;
      }
    }
    return events;
  }
  if ('e' in json) return [fromTrackerPayload(json, options)];
  if (looksEnriched(json)) return [fromEnrichedJson(json, options)];
  throw new EventError('event line: JSON object is neither a tracker payload (no "e"), a payload_data body nor an enriched event (no "event_id")');
}

function looksEnriched(json: Record<string, unknown>): boolean {
  if ('event_id' in json || 'collector_tstamp' in json) return true;
  for (const key in json) {
    if (key.startsWith('unstruct_event_') || key.startsWith('contexts_')) return true;
  }
  return false;
}
