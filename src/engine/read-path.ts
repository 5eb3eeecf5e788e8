import type { PathSegment } from '../definitions/types.js';
import { snakeCase } from '../event/column-name.js';

const own = Object.prototype.hasOwnProperty;

/**
 * Follows a path of field names and array indexes through JSON data, reading own properties only
 * (so `__proto__`, `constructor` never reach the prototype). Missing → undefined.
 * With `snakeFallback`, a field not found by exact name is matched by snake_case-normalised name.
 */
export function readPath(data: unknown, path: readonly PathSegment[], snakeFallback = false): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
      continue;
    }
    if (Array.isArray(current)) return undefined;
    const record = current as Record<string, unknown>;
    if (own.call(record, segment)) {
      current = record[segment];
    } else if (snakeFallback) {
      current = readSnake(record, segment);
    } else {
      return undefined;
    }
  }
  return current;
}

function readSnake(record: Record<string, unknown>, segment: string): unknown {
  const wanted = snakeCase(segment);
  for (const key of Object.keys(record)) if (snakeCase(key) === wanted) return record[key];
  return undefined;
}
