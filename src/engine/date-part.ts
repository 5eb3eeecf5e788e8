import type { DatePart } from '../definitions/types.js';

const DAY_MS = 86_400_000;

/** Epoch ms of a timestamp value (ISO string or epoch ms number), or null. */
export function toEpochMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  // Enriched TSV style `2024-03-15 10:00:00.000` is UTC too.
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Signals `date_part` (docs/semantics.md#date_part), in UTC: extract parts are integers
 * (`hour_of_day` 0–23, `day_of_week` ISO 1 = Monday … 7 = Sunday, `month_of_year` 1–12); truncations are
 * `YYYY-MM-DD` strings (`active_week` = that ISO week's Monday, `active_month` = `YYYY-MM-01`).
 * A value that is not a timestamp gives undefined (no contribution).
 */
export function applyDatePart(part: DatePart, value: unknown): number | string | undefined {
  const ms = toEpochMs(value);
  if (ms === null) return undefined;
  const d = new Date(ms);
  switch (part) {
    case 'hour_of_day': return d.getUTCHours();
    case 'day_of_week': return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    case 'month_of_year': return d.getUTCMonth() + 1;
    case 'active_day': return isoDay(ms);
    case 'active_week': {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return isoDay(Math.floor(ms / DAY_MS) * DAY_MS - sinceMonday * DAY_MS);
    }
    case 'active_month': return `${isoDay(ms).slice(0, 7)}-01`;
  }
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
