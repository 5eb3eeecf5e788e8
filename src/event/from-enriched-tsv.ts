import { EventError } from '../errors.js';
import { ATOMIC_COLUMNS } from './atomic-columns.js';
import type { AtomicEvent } from './atomic-event.js';
import { type EnrichedJsonOptions, buildFromEnriched } from './from-enriched-json.js';

/**
 * Builds the atomic event view of one enriched TSV line: 131 tab-separated columns in
 * {@link ATOMIC_COLUMNS} order; empty = null; timestamps `2021-11-20 00:03:57.885` (UTC) → ISO;
 * numbers and `1`/`0` booleans typed; `contexts`, `unstruct_event`, `derived_contexts` hold
 * self-describing JSON. A trailing line break is ignored.
 * @throws EventError naming the column count, or the column whose value is malformed.
 */
export function fromEnrichedTsv(line: string, options?: EnrichedJsonOptions): AtomicEvent {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 10 || line.charCodeAt(end - 1) === 13)) end--;
  const fields = (end === line.length ? line : line.slice(0, end)).split('\t');
  if (fields.length !== ATOMIC_COLUMNS.length) {
    throw new EventError(`enriched TSV: expected ${ATOMIC_COLUMNS.length} tab-separated columns, got ${fields.length}`);
  }
  const record: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i]!;
    if (value !== '') record[ATOMIC_COLUMNS[i]!] = value;
  }
  return buildFromEnriched(record, options?.schemas);
}
