import { UsageError } from './usage-error.js';

/** The flags a command takes, by kind. */
export interface FlagSpec {
  /** `--name value` (or `--name=value`), at most once. */
  values?: readonly string[];
  /** `--name value`, any number of times, in order. */
  repeatable?: readonly string[];
  /** `--name` alone, no value. */
  booleans?: readonly string[];
}

/** What {@link parseCommandFlags} read. */
export interface ParsedFlags {
  values: Map<string, string>;
  repeated: Map<string, string[]>;
  booleans: Set<string>;
  positional: string[];
}

/**
 * Parses a command's flags: single-value, repeatable and boolean flags. A value is the next argument,
 * or what follows `=`; a next argument that starts with `--` is not taken as a value (write
 * `--name=--value` for that). Error messages name the flag, never a value (a value may be a secret).
 * @throws UsageError for an unknown flag, a missing value, a value given to a boolean flag, or a
 * single-value or boolean flag given twice.
 */
export function parseCommandFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    if (spec.booleans?.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      if (booleans.has(name)) throw new UsageError(`--${name} given twice`);
      booleans.add(name);
      continue;
    }
    const isRepeatable = spec.repeatable?.includes(name) === true;
    if (!isRepeatable && spec.values?.includes(name) !== true) throw new UsageError(`unknown option --${name}`);
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    if (isRepeatable) {
      const list = repeated.get(name) ?? [];
      list.push(value);
      repeated.set(name, list);
    } else {
      if (values.has(name)) throw new UsageError(`--${name} given twice`);
      values.set(name, value);
    }
  }
  return { values, repeated, booleans, positional };
}
