import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT, USAGE } from '../../../src/cli/main.js';
import { TUTORIAL_DEFINITIONS, TUTORIAL_EVENTS } from '../../fixtures/cli/event-shapes.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

// Files that do not exist: a usage error must win before any file is read (exit 2, not 1).
const NO_DEFS = '/nonexistent/definitions.json';
const NO_EVENTS = '/nonexistent/events.ndjson';

describe('signals-edge usage', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('documents the exit codes', () => {
    expect(EXIT).toEqual({ ok: 0, invalid: 1, usage: 2, auth: 3, unreachable: 4 });
    expect(USAGE).toContain('Exit codes: 0 ok, 1 invalid input (the problems are printed on stderr), 2 usage, 3 credentials\nrefused (HTTP 401/403), 4 server not reachable');
  });

  it.each([
    ['no command', [], /no command/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['replay without options', ['replay'], /--definitions and --events/],
    ['replay without --events', ['replay', '--definitions', NO_DEFS], /--definitions and --events/],
    ['replay without --definitions', ['replay', '--events', NO_EVENTS], /--definitions and --events/],
    ['an unknown option', ['replay', '--definitions', NO_DEFS, '--events', NO_EVENTS, '--verbose', 'x'], /unknown option --verbose/],
    ['a duplicate option', ['replay', '--definitions', NO_DEFS, '--definitions', NO_DEFS, '--events', NO_EVENTS], /--definitions given twice/],
    ['a duplicate option, inline form', ['replay', `--events=${NO_EVENTS}`, '--definitions', NO_DEFS, '--events', NO_EVENTS], /--events given twice/],
    ['an option without its value', ['replay', '--definitions', NO_DEFS, '--events'], /--events needs a value/],
    ['a stray argument to replay', ['replay', '--definitions', NO_DEFS, '--events', NO_EVENTS, 'extra'], /unexpected argument "extra"/],
    ['validate without a file', ['validate'], /exactly one definitions file/],
    ['validate with two files', ['validate', NO_DEFS, NO_DEFS], /exactly one definitions file/],
    ['validate with an unknown option', ['validate', '--verbose', 'yes', NO_DEFS], /unknown option --verbose/],
    ['validate --strict with two files', ['validate', '--strict', 'yes', NO_DEFS], /exactly one definitions file/],
  ])('%s → exit 2, the reason and the usage on stderr, nothing on stdout', async (_name, argv, reason) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(reason);
    expect(stderr).toContain(USAGE);
  });

  it.each([['--help'], ['-h'], ['help']])('%s → exit 0 with the usage on stdout', async (flag) => {
    const { code, stdout, stderr } = await runCli([flag]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(`${USAGE}\n`);
  });

  it('the usage names both commands and their options', () => {
    expect(USAGE).toContain('signals-edge replay --definitions FILE --events FILE');
    expect(USAGE).toContain('--now');
    expect(USAGE).toContain('signals-edge validate FILE');
  });

  it('options may come in any order', async () => {
    const { code } = await runCli(['replay', '--events', TUTORIAL_EVENTS, '--now', '2030-01-01T00:00:00Z', '--definitions', TUTORIAL_DEFINITIONS]);
    expect(code).toBe(0);
  });
});
