import { DefinitionsError } from '../../errors.js';
import type { WireDuration } from '../wire-types.js';

/** Duration parts; each a finite number ≥ 0 (seconds may be fractional). */
export interface DurationParts {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}

/** An ISO-8601 duration (`PT10M`, `P1D`, `P2W`), a number of seconds, or parts. */
export type DurationInput = `P${string}` | number | DurationParts;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `PnW` alone, or `PnDTnHnMnS` with at least one part; only seconds may have a fraction. */
const ISO_DURATION = /^P(?:(\d+)W|(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?)$/;

/**
 * Formats a duration as the ISO-8601 string Signals expects, `PnDTnHnMnS` with zero parts omitted
 * (`PT0S` for zero): 600 → `PT10M`, `{ days: 1, hours: 2 }` → `P1DT2H`, `'PT90S'` → `PT1M30S`.
 * Throws a DefinitionsError naming `path` for a negative, non-finite or unreadable duration, and for
 * years or months, which have no fixed length.
 */
export function formatDurationInput(input: DurationInput, path: string): WireDuration {
  const ms = readDurationMs(input, path);
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = (ms % MINUTE) / SECOND;
  const time = (hours ? `${hours}H` : '') + (minutes ? `${minutes}M` : '') + (seconds ? `${seconds}S` : '');
  const text = `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}

/** Reads a duration input as whole milliseconds. */
function readDurationMs(input: unknown, path: string): number {
  if (typeof input === 'number') return toMs(input, path, input);
  if (typeof input === 'string') {
    const match = ISO_DURATION.exec(input);
    if (!match) {
      const calendar = /^P[^T]*[YM]/.test(input);
      throw durationError(path, input, calendar
        ? 'years and months have no fixed length; use days or weeks'
        : 'expected an ISO-8601 duration such as PT10M, P1D, P1DT2H or P2W (weeks alone)');
    }
    const [, weeks, days, hours, minutes, seconds] = match;
    return toMs(
      Number(weeks ?? 0) * 604_800 + Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600
        + Number(minutes ?? 0) * 60 + Number(seconds ?? 0),
      path, input,
    );
  }
  if (typeof input === 'object' && input !== null) {
    const parts = input as Record<string, unknown>;
    let total = 0;
    for (const [unit, factor] of [['days', 86_400], ['hours', 3600], ['minutes', 60], ['seconds', 1]] as const) {
      const value = parts[unit] ?? 0;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw durationError(path, input, `${unit} must be a finite number ≥ 0`);
      }
      total += value * factor;
    }
    return toMs(total, path, input);
  }
  throw durationError(path, input,
    'expected an ISO-8601 string, a number of seconds or { days, hours, minutes, seconds }');
}

function toMs(seconds: number, path: string, input: unknown): number {
  const ms = Math.round(seconds * SECOND);
  if (!Number.isSafeInteger(ms) || ms < 0) throw durationError(path, input, 'must be a finite duration ≥ 0');
  return ms;
}

function durationError(path: string, input: unknown, reason: string): DefinitionsError {
  const shown = JSON.stringify(input) ?? String(input);
  return new DefinitionsError([{ code: 'invalid_duration', path, message: `invalid duration ${shown}: ${reason}` }]);
}
