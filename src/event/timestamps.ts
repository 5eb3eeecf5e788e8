/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: Enrich rejects timestamps outside these years. */
const MIN_MS = -62167219200000;
const MAX_MS = 253402300799999;
const HAS_ZONE = /(?:Z|[+-]\d\d:?\d\d)$/i;

const DAY_MS = 86400000;

/** `00`…`99` and `000`…`999`. */
const DIGITS2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** The date part (`2021-11-20T`) of the last day formatted: events of a file mostly share a few days. */
let lastDay = Number.NaN;
let lastDate = '';

/**
 * Epoch ms → ISO-8601 UTC with milliseconds (`2021-11-20T00:03:57.885Z`), same text as
 * `Date#toISOString` without allocating a Date; null outside years 0–9999 or not finite.
 */
export function formatTimestamp(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  const t = Math.floor(ms);
  const days = Math.floor(t / DAY_MS);
  if (days !== lastDay) {
    lastDate = formatDate(days);
    lastDay = days;
  }
  let rest = t - days * DAY_MS;
  const hour = Math.floor(rest / 3600000);
  rest -= hour * 3600000;
  const minute = Math.floor(rest / 60000);
  rest -= minute * 60000;
  const second = Math.floor(rest / 1000);
  return `${lastDate}${DIGITS2[hour]!}:${DIGITS2[minute]!}:${DIGITS2[second]!}.${DIGITS3[rest - second * 1000]!}Z`;
}

/** `YYYY-MM-DDT` of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil-from-days). */
function formatDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${DIGITS2[month]!}-${DIGITS2[day]!}T`;
}

/**
 * Reads an enriched timestamp: epoch ms (number), ISO-8601 (`2021-11-20T00:03:57.885Z`) or the TSV
 * form `2021-11-20 00:03:57.885` (UTC). Text without a zone is UTC. Returns epoch ms, or null when unreadable.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.length < 10) return null;
  let text = value.charCodeAt(10) === 32 ? `${value.slice(0, 10)}T${value.slice(11)}` : value;
  if (text.length > 10 && !HAS_ZONE.test(text)) text += 'Z';
  const ms = Date.parse(text);
  return Number.isNaN(ms) || ms < MIN_MS || ms > MAX_MS ? null : ms;
}

/**
 * Enrich's `derived_tstamp` (docs/semantics.md#timestamps): the true timestamp if present; else, when sent,
 * created and collector times are all known and created < sent, `collector − (sent − created)`; else
 * the collector time. Null when neither a true nor a collector time is known.
 */
export function deriveTimestamp(
  trueMs: number | null,
  sentMs: number | null,
  createdMs: number | null,
  collectorMs: number | null,
): number | null {
  if (trueMs !== null) return trueMs;
  if (collectorMs === null) return null;
  if (sentMs !== null && createdMs !== null && createdMs < sentMs) return collectorMs - (sentMs - createdMs);
  return collectorMs;
}
