// rlike with catastrophic backtracking (issue 7; design decision 11): patterns prone to exponential
// backtracking are refused by the definitions, naming the path, in bounded time; a pattern that is
// accepted runs in bounded time on a 1 MB value through the engine (measured in a child process, so a
// runaway expression is killed instead of hanging the suite).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';

const WORKER = fileURLToPath(new URL('./rlike-worker.ts', import.meta.url));

const bundle = (operator: string, pattern: unknown) => ({
  attribute_groups: [{
    name: 'g', version: 1, is_published: true, attribute_key: { name: 'domain_userid' },
    attributes: [{ name: 'last_url', type: 'string', aggregation: 'last', property: { type: 'atomic', name: 'page_url' } }],
  }],
  interventions: [{ name: 'match', version: 1, is_published: true, criteria: { all: [{ attribute: 'g:last_url', operator, value: pattern }] } }],
});

/** Exponential backtracking: nested quantifiers, overlapping alternatives, backreferences. */
const CATASTROPHIC = [
  '(a+)+$', '(a*)*b', '(a|aa)+$', '(a|a?)+$', '(.*a){20}', '(x+x+)+y', '^(([a-z])+.)+[A-Z]([a-z])+$', '(\\w+\\s?)*$',
  '^(\\d+)*$', '(a|[ab])*c', '((ab)*)+c', '(.*){1,32000}[bc]', '(a+){2,}b', '(\\1a)', '(?<x>a)\\k<x>',
];

describe('rlike patterns prone to catastrophic backtracking', () => {
  for (const operator of ['rlike', 'not rlike']) {
    it(`are refused by the definitions (${operator}), with the path, in bounded time`, () => {
      for (const pattern of CATASTROPHIC) {
        const started = performance.now();
        const result = parseDefinitions(bundle(operator, pattern));
        expect(performance.now() - started, pattern).toBeLessThan(100);
        expect(result.ok, pattern).toBe(false);
        if (result.ok) continue;
        expect(result.problems, pattern).toEqual([expect.objectContaining({ code: 'rlike', path: 'interventions[0].criteria.all[0].value' })]);
        expect(result.problems[0]!.message, pattern).toMatch(/backtracking|backreference/);
      }
    });
  }

  it('refuses a pattern longer than 1000 characters and one that does not compile', () => {
    for (const pattern of ['a'.repeat(1001), '(', '[z-a]', '\\']) {
      const result = parseDefinitions(bundle('rlike', pattern));
      expect(result.ok, pattern).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => [p.code, p.path])).toEqual([['rlike', 'interventions[0].criteria.all[0].value']]);
    }
  });
});

/** Runs the worker; resolves with its timing, or with `{ killed: true }` past `timeoutMs`. */
function runPattern(pattern: string, unit: string, timeoutMs: number): Promise<{ ms: number; fired: number } | { killed: true }> {
  return new Promise((resolve, reject) => {
    const args = JSON.stringify({ pattern, unit, times: Math.ceil(1_000_000 / unit.length), tail: '!' });
    execFile(process.execPath, ['--import', 'tsx', WORKER, args], { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error !== null && error.killed) resolve({ killed: true });
      else if (error !== null) reject(new Error(`${pattern}: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as { ms: number; fired: number });
    });
  });
}

describe('an accepted rlike pattern on a 1 MB value', () => {
  // Each accepted by the definitions' guard; the value is the worst case for it (a long run it almost matches).
  const ACCEPTED: [pattern: string, unit: string][] = [
    ['^[a-z]+$', 'a'],
    ['(foo|bar)+baz', 'foo'],
    ['utm_source=google', 'utm_source=googl'],
    ['^https?://[^/]+/checkout', 'https://shop.example/a'],
    ['.*a.*b', 'a'],
    ['\\d+\\d+x', '1'],
    ['[a-z]+[a-z]+1', 'a'],
  ];

  it('is accepted by the definitions', () => {
    for (const [pattern] of ACCEPTED) expect(parseDefinitions(bundle('rlike', pattern)).ok, pattern).toBe(true);
  });

  it('evaluates within 250 ms in the engine (the browser runs it inside track())', { timeout: 30_000 }, async () => {
    const results = await Promise.all(ACCEPTED.map(async ([pattern, unit]) => [pattern, await runPattern(pattern, unit, 4000)] as const));
    const slow = results.filter(([, r]) => 'killed' in r || r.ms > 250).map(([pattern, r]) => `${pattern}: ${'killed' in r ? 'still running after 4 s' : `${Math.round(r.ms)} ms`}`);
    expect(slow).toEqual([]);
  });
});
