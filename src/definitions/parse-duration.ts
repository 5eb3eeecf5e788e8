/**
 * ISO-8601 durations as Signals uses them for `period` and `ttl` (docs/semantics.md#durations).
 */
import { SignalsEdgeError } from '../errors.js';
import { describeValue } from '../describe-value.js';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const WEEKS = /^P(\d+)W$/;
const DAY_TIME = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Reads a duration into milliseconds (rounded to the millisecond). Accepts `PnW`, `PnDTnHnMnS`
 * (any part optional, fractional seconds allowed, e.g. `PT10M`, `P1DT2H`, `PT1.5S`) and a
 * non-negative number of seconds (a JSON number or a numeric string).
 * @throws SignalsEdgeError with a plain message for anything else: years, calendar months, an empty
 * `P`, negative or non-finite values, other types.
 */
export function parseDuration(input: unknown): number {
  const result = readDuration(input);
  if (typeof result === 'string') throw new SignalsEdgeError(`duration ${describeValue(input)} ${result}`);
  return result;
}

/**
 * What is wrong with a duration, as a phrase to follow the value (`uses years (Y), …`), or null when
 * {@link parseDuration} accepts it.
 */
export function describeDurationProblem(input: unknown): string | null {
  const result = readDuration(input);
  return typeof result === 'string' ? result : null;
}

/**
 * Writes milliseconds as `PnDTnHnMnS`, zero parts omitted (`P1DT2H`, `PT1M30S`, `PT0.5S`; `PT0S` for 0).
 * @throws SignalsEdgeError for a negative or non-finite value.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SignalsEdgeError(`cannot format ${ms} ms as a duration: it must be a finite number of 0 or more`);
  }
  const whole = Math.round(ms);
  const days = Math.floor(whole / MS_PER_DAY);
  let rest = whole - days * MS_PER_DAY;
  const hours = Math.floor(rest / MS_PER_HOUR);
  rest -= hours * MS_PER_HOUR;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  const seconds = (rest - minutes * MS_PER_MINUTE) / MS_PER_SECOND;
  let time = '';
  if (hours > 0) time += `${hours}H`;
  if (minutes > 0) time += `${minutes}M`;
  if (seconds > 0) time += `${seconds}S`;
  const date = days > 0 ? `${days}D` : '';
  if (date === '' && time === '') return 'PT0S';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

/**
 * Reads a duration as {@link parseDuration} does: milliseconds, or a phrase saying what is wrong (to
 * follow the value).
 */
export function readDuration(input: unknown): number | string {
  if (typeof input === 'number') return secondsToMs(input);
  if (typeof input !== 'string') return 'is not a duration: use an ISO-8601 string such as "PT10M" or a number of seconds';
  const text = input.trim().toUpperCase();
  if (SECONDS.test(text)) return secondsToMs(+text);
  if (text.includes('-')) return NEGATIVE;
  const weeks = WEEKS.exec(text);
  if (weeks) return safe(+(weeks[1] as string) * 7 * MS_PER_DAY);
  const match = DAY_TIME.exec(text);
  const iso = 'is not ISO-8601: use PnDTnHnMnS (e.g. "PT10M", "P1DT2H"';
  if (!text.startsWith('P')) return `${iso}), PnW, or a number of seconds`;
  if (text === 'P' || text.endsWith('T')) return 'is empty: give at least one part, e.g. "PT0S" or "P1D"';
  if (match === null) {
    const date = text.split('T')[0] as string;
    if (date.includes('Y')) return 'uses years (Y), which have no fixed length; use days instead, e.g. "P365D"';
    if (date.includes('M')) {
      return 'uses calendar months (M before T), which have no fixed length; use days instead, e.g. "P30D" (minutes are "PT30M")';
    }
    if (date.includes('W')) return 'mixes weeks with other parts; use "PnW" alone, or days, e.g. "P9D"';
    return `${iso}; only seconds may have a fraction), PnW, or a number of seconds`;
  }
  const [, days, hours, minutes, seconds] = match;
  return safe(
    (+(days as string) || 0) * MS_PER_DAY + (+(hours as string) || 0) * MS_PER_HOUR + (+(minutes as string) || 0) * MS_PER_MINUTE +
      Math.round((+(seconds as string) || 0) * MS_PER_SECOND),
  );
}

const NEGATIVE = 'is negative; durations must be 0 or more';

function secondsToMs(seconds: number): number | string {
  if (!isFinite(seconds)) return 'is not a finite number of seconds';
  return seconds < 0 ? NEGATIVE : safe(Math.round(seconds * MS_PER_SECOND));
}

function safe(ms: number): number | string {
  return Number.isSafeInteger(ms) ? ms : 'is too long';
}
