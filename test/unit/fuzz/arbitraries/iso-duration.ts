// Durations for generated definitions: lengths in milliseconds, written as the canonical ISO-8601
// `PnDTnHnMnS` the builders emit (zero parts left out), by integer arithmetic of its own.
import fc from 'fast-check';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `ms` (a whole number ≥ 0) as `PnDTnHnMnS`: `PT10M`, `P1DT2H`, `PT1.5S`, `PT0S` for 0. */
export function isoDuration(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const millis = ms % MINUTE;
  const whole = Math.floor(millis / SECOND);
  const fraction = String(millis % SECOND).padStart(3, '0').replace(/0+$/, '');
  const seconds = millis === 0 ? '' : `${whole}${fraction ? `.${fraction}` : ''}S`;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds}`;
  const text = `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}

/** A duration longer than 0: the usual windows, whole seconds up to a year, and odd millisecond counts. */
export const durationMs: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, DAY, 7 * DAY, 30 * DAY, 90 * DAY),
  fc.integer({ min: 1, max: 365 * 86_400 }).map((s) => s * SECOND),
  fc.integer({ min: 1, max: 10_000_000 }),
);
