// signals-edge pull's failures: one line naming the URL and what to check, the exit code of each case
// (2 usage, 3 credentials refused, 4 unreachable or not Signals), and never a secret in any output.
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../fixtures/cli/run-cli.js';
import {
  account, expectNoSecret, publishTutorial, runPull, sandbox, SECRETS, startConsoleProxy, startPlainServer, useServers, type PullRun,
} from './pull-helpers.js';

const start = useServers();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Exactly one line on stderr (after the usage, for exit 2), nothing on stdout. */
function expectOneLine(run: PullRun, code: number): string {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  const [line, ...rest] = run.stderr.split('\n');
  expect(rest).toEqual(['']);
  return line!;
}

describe('signals-edge pull failures', () => {
  it('no credentials or no API URL → exit 2 naming the flags and variables', async () => {
    const server = await start();
    expect(expectOneLine(await runPull(['--api-url', server.url]), 2)).toBe(
      'pull needs credentials: --sandbox-token T, or an API key: --api-key-id, --api-key and --org-id '
      + '(or SNOWPLOW_CONSOLE_API_KEY_ID, SNOWPLOW_CONSOLE_API_KEY and SNOWPLOW_CONSOLE_ORG_ID)',
    );
    expect(expectOneLine(await runPull(['--sandbox-token', SECRETS.token]), 2)).toBe(
      'pull needs the Signals API URL: give --api-url URL or set SIGNALS_API_URL',
    );
    expect(expectOneLine(await runPull(['--api-url', server.url, '--api-key', SECRETS.apiKey], { SNOWPLOW_CONSOLE_ORG_ID: 'org-5501' }), 2)).toBe(
      'account mode needs --api-key-id, --api-key and --org-id; missing: --api-key-id (or SNOWPLOW_CONSOLE_API_KEY_ID)',
    );
    const both = await runPull([...sandbox(server), '--api-key', SECRETS.apiKey]);
    expect(expectOneLine(both, 2)).toMatch(/^give either --sandbox-token or the API key/);
    expect(expectOneLine(await runPull(['--api-url', SECRETS.token, '--sandbox-token', SECRETS.token]), 2)).toBe(
      '--api-url is not a URL (expected e.g. https://<id>.signals.snowplowanalytics.com)',
    );
    expect(expectOneLine(await runPull([...sandbox(server), '--service']), 2)).toBe('--service needs a value');
    expect(expectOneLine(await runPull([...sandbox(server), '--include-unpublished=yes']), 2)).toBe('--include-unpublished takes no value');
    expect(expectOneLine(await runPull([...sandbox(server), '--out', 'a', '--out', 'b']), 2)).toBe('--out given twice');
    expect(expectOneLine(await runPull([...sandbox(server), SECRETS.apiKey]), 2)).toBe('pull takes no arguments besides its flags');
    expect(expectOneLine(await runPull([...sandbox(server), '--token', 'x']), 2)).toBe('unknown option --token');
  });

  it('through main: exit 2 with the usage, exit 3 and 4 with one line (environment cleared)', async () => {
    for (const name of ['SIGNALS_API_URL', 'SNOWPLOW_CONSOLE_API_KEY_ID', 'SNOWPLOW_CONSOLE_API_KEY', 'SNOWPLOW_CONSOLE_ORG_ID', 'SNOWPLOW_CONSOLE_URL']) {
      vi.stubEnv(name, '');
    }
    try {
      const server = await start();
      const usage = await runCli(['pull', '--api-url', server.url]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/^pull needs credentials: .*\nUsage:\n {2}signals-edge pull \[--api-url URL\] \[--sandbox-token T\] \[--service NAME\]\.\.\. \[--include-unpublished\] \[--out FILE\]\n/);
      const refused = await runCli(['pull', '--api-url', server.url, '--sandbox-token', 'wrong-secret-0d1e']);
      expect(refused.code).toBe(3);
      expect(refused.stderr.split('\n')).toHaveLength(2);
      const down = await runCli(['pull', '--api-url', `http://127.0.0.1:${await closedPort()}`, '--sandbox-token', SECRETS.token]);
      expect(down.code).toBe(4);
      expect(down.stderr.split('\n')).toHaveLength(2);
      const ok = await runCli(['pull', ...sandbox(server)]);
      expect(ok.code, ok.stderr).toBe(0);
      expectNoSecret([usage.stderr, refused.stderr, down.stderr, ok.stdout, ok.stderr]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a wrong sandbox token → exit 3 naming the URL and --sandbox-token', async () => {
    const server = await start();
    await publishTutorial(server);
    const run = await runPull(['--api-url', server.url, '--sandbox-token', 'wrong-secret-0d1e']);
    expect(expectOneLine(run, 3)).toBe(
      `${server.url}/api/v1/registry/attribute_keys/ refused the credentials (HTTP 401 "Invalid token"): `
      + 'check --sandbox-token (the deployment\'s sandbox token), or use an API key (--api-key-id, --api-key, --org-id)',
    );
    expectNoSecret([run.stderr]);
  });

  it('a wrong API key, key id or organization → exit 3 from the Console, naming the flags and variables', async () => {
    const server = await start();
    const tokenUrl = `${server.url}/api/msc/v1/organizations/org-5501/credentials/v3/token`;
    const wrongKey = await runPull([...account(server).slice(0, 4), '--api-key', 'wrong-secret-0d1e', '--org-id', SECRETS.orgId, '--console-url', server.url]);
    expect(expectOneLine(wrongKey, 3)).toBe(
      `the Console refused the API key at ${tokenUrl} (HTTP 401 "Invalid API key"): check --api-key-id, --api-key and --org-id `
      + 'or SNOWPLOW_CONSOLE_API_KEY_ID, SNOWPLOW_CONSOLE_API_KEY and SNOWPLOW_CONSOLE_ORG_ID',
    );
    const env = { SNOWPLOW_CONSOLE_API_KEY_ID: 'someone-else', SNOWPLOW_CONSOLE_API_KEY: SECRETS.apiKey, SNOWPLOW_CONSOLE_ORG_ID: SECRETS.orgId, SNOWPLOW_CONSOLE_URL: server.url };
    expect((await runPull(['--api-url', server.url], env)).code).toBe(3);
    expect((await runPull(['--api-url', server.url], { ...env, SNOWPLOW_CONSOLE_API_KEY_ID: SECRETS.apiKeyId, SNOWPLOW_CONSOLE_ORG_ID: 'other-org' })).code).toBe(3);
    expectNoSecret([wrongKey.stderr]);
  });

  it('a JWT the deployment refuses (another Console) → exit 3 after one re-exchange', async () => {
    const server = await start();
    const other = await start();
    const proxy = await startConsoleProxy(other.url);
    closers.push(() => proxy.close());
    const run = await runPull(account(server, proxy.url));
    expect(expectOneLine(run, 3)).toMatch(new RegExp(`^${server.url}/api/v1/registry/attribute_keys/ refused the credentials \\(HTTP 401 "Invalid token"\\): check --api-key-id`));
    expect(proxy.exchanges).toBe(2);
    expectNoSecret([run.stderr], proxy.tokens);
  });

  it('server down (a closed port) → exit 4 naming the URL', async () => {
    const port = await closedPort();
    const run = await runPull(['--api-url', `http://127.0.0.1:${port}`, '--sandbox-token', SECRETS.token]);
    expect(expectOneLine(run, 4)).toBe(
      `cannot reach http://127.0.0.1:${port}/api/v1/registry/attribute_keys/ (ECONNREFUSED): is --api-url (or SIGNALS_API_URL) a Signals deployment?`,
    );
    const server = await start();
    const consoleDown = await runPull(account(server, `http://127.0.0.1:${port}`));
    expect(expectOneLine(consoleDown, 4)).toMatch(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}/api/msc/v1/organizations/org-5501/credentials/v3/token \\(ECONNREFUSED\\): is --console-url`));
    expectNoSecret([run.stderr, consoleDown.stderr]);
  });

  it('a URL that 404s → exit 4 asking whether it is a Signals deployment (or the Console)', async () => {
    const server = await start();
    const run = await runPull(['--api-url', `${server.url}/not-signals/`, '--sandbox-token', SECRETS.token]);
    expect(expectOneLine(run, 4)).toBe(
      `${server.url}/not-signals/api/v1/registry/attribute_keys/ answered HTTP 404 "Not Found": is --api-url (or SIGNALS_API_URL) a Signals deployment?`,
    );
    const consoleRun = await runPull(account(server, `${server.url}/not-a-console`));
    expect(expectOneLine(consoleRun, 4)).toMatch(/ answered HTTP 404 "Not Found": is --console-url a Snowplow Console, and --org-id your organization id\?$/);
  });

  it('5xx, an answer that is not JSON, not a list, a redirect, or no answer in time → exit 4', async () => {
    const plain = await startPlainServer((req, res) => {
      if (req.url?.startsWith('/fail/')) res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"detail":"upstream down"}');
      else if (req.url?.startsWith('/html/')) res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>welcome</html>');
      else if (req.url?.startsWith('/object/')) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"items":[]}');
      else if (req.url?.startsWith('/moved/')) res.writeHead(301, { Location: 'https://example.com/' }).end();
      // '/slow/': never answers.
    });
    closers.push(() => plain.close());
    const pull = (path: string) => runPull(['--api-url', `${plain.url}${path}`, '--sandbox-token', SECRETS.token], {}, { timeoutMs: 300 });
    const keys = (path: string) => `${plain.url}${path}/api/v1/registry/attribute_keys/`;
    expect(expectOneLine(await pull('/fail'), 4)).toBe(`${keys('/fail')} answered HTTP 503 "upstream down": is the Signals deployment up?`);
    expect(expectOneLine(await pull('/html'), 4)).toBe(`${keys('/html')} did not answer a JSON list of attribute_keys: is --api-url (or SIGNALS_API_URL) a Signals deployment?`);
    expect(expectOneLine(await pull('/object'), 4)).toBe(`${keys('/object')} did not answer a JSON list of attribute_keys: is --api-url (or SIGNALS_API_URL) a Signals deployment?`);
    expect(expectOneLine(await pull('/moved'), 4)).toBe(`${keys('/moved')} answered a redirect (HTTP 301), which is not followed: is --api-url (or SIGNALS_API_URL) a Signals deployment?`);
    expect(expectOneLine(await pull('/slow'), 4)).toBe(`no answer from ${keys('/slow')} within 300 ms: is --api-url (or SIGNALS_API_URL) a Signals deployment?`);
  });
});
