// The flag parser of pull: single-value, repeatable and boolean flags, and messages that never echo a value.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/main.js';
import { parseCommandFlags } from '../../../src/cli/parse-command-flags.js';

const SPEC = { values: ['api-url', 'sandbox-token'], repeatable: ['service'], booleans: ['include-unpublished'] };

describe('parseCommandFlags', () => {
  it('reads values (next argument or after =), repeated flags in order, and booleans', () => {
    const parsed = parseCommandFlags(
      ['--service', 'b', '--api-url=http://x', '--include-unpublished', '--service=a', '--sandbox-token', 't=1', 'rest'], SPEC,
    );
    expect(parsed.values).toEqual(new Map([['api-url', 'http://x'], ['sandbox-token', 't=1']]));
    expect(parsed.repeated).toEqual(new Map([['service', ['b', 'a']]]));
    expect(parsed.booleans).toEqual(new Set(['include-unpublished']));
    expect(parsed.positional).toEqual(['rest']);
    expect(parseCommandFlags([], SPEC)).toEqual({ values: new Map(), repeated: new Map(), booleans: new Set(), positional: [] });
  });

  it('a next argument starting with -- is not a value; --name=--x is', () => {
    expect(() => parseCommandFlags(['--sandbox-token', '--api-url', 'http://x'], SPEC)).toThrow(new UsageError('--sandbox-token needs a value'));
    expect(parseCommandFlags(['--sandbox-token=--odd'], SPEC).values.get('sandbox-token')).toBe('--odd');
  });

  it('refuses unknown flags, missing or empty values, a value for a boolean, and a single flag twice, never naming the value', () => {
    const cases: [string[], string][] = [
      [['--token', 'secret-value'], 'unknown option --token'],
      [['--service'], '--service needs a value'],
      [['--service='], '--service needs a value'],
      [['--include-unpublished=secret-value'], '--include-unpublished takes no value'],
      [['--include-unpublished', '--include-unpublished'], '--include-unpublished given twice'],
      [['--sandbox-token', 'secret-value', '--sandbox-token', 'secret-value'], '--sandbox-token given twice'],
    ];
    for (const [args, message] of cases) {
      expect(() => parseCommandFlags(args, SPEC), args.join(' ')).toThrow(new UsageError(message));
    }
  });
});
