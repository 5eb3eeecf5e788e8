import { EventError } from '../errors.js';
import type { SelfDescribing } from './atomic-event.js';
import { parseIgluUri, toSelfDescribing } from './iglu-uri.js';
import { isRecord } from '../is-record.js';

const SNOWPLOW = 'com.snowplowanalytics.snowplow';

/** JSON.parse that throws an {@link EventError} naming `field`. */
export function parseJsonText(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EventError(`${field}: not valid JSON`);
  }
}


function readItem(item: unknown, where: string): SelfDescribing {
  if (!isRecord(item) || typeof item['schema'] !== 'string' || !('data' in item)) {
    throw new EventError(`${where}: expected a self-describing JSON {"schema", "data"}`);
  }
  const sd = toSelfDescribing(item['schema'], item['data']);
  if (sd === null) throw new EventError(`${where}.schema: "${item['schema']}" is not an Iglu URI`);
  return sd;
}

/**
 * Appends the entities of a `contexts` value (`{"schema": "…/contexts/…", "data": [...]}` or a bare
 * array of self-describing JSONs), in order, to `out`. Throws {@link EventError} naming `field`.
 */
export function readContextsValue(value: unknown, field: string, out: SelfDescribing[]): void {
  const list = isRecord(value) ? value['data'] : value;
  if (!Array.isArray(list)) throw new EventError(`${field}: expected {"schema", "data": [...]} with an array of entities`);
  for (let i = 0; i < list.length; i++) out.push(readItem(list[i], `${field}.data[${i}]`));
}

/**
 * Reads an `unstruct_event` value: the `…/unstruct_event/…` wrapper around the event's
 * self-describing JSON, or that self-describing JSON itself. Throws {@link EventError} naming `field`.
 */
export function readUnstructValue(value: unknown, field: string): SelfDescribing {
  if (!isRecord(value) || typeof value['schema'] !== 'string') {
    throw new EventError(`${field}: expected {"schema", "data": {"schema", "data"}}`);
  }
  const outer = parseIgluUri(value['schema']);
  if (outer !== null && outer.name === 'unstruct_event' && outer.vendor === SNOWPLOW) {
    return readItem(value['data'], `${field}.data`);
  }
  return readItem(value, field);
}
