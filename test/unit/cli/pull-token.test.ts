// Account mode's access token: exchanged at the Console once, kept until its exp, exchanged again when
// it has expired (read from the JWT) or when the deployment answers 401.
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleTokenSource } from '../../../src/cli/create-console-token-source.js';
import { account, expectNoSecret, publishTutorial, runPull, sandbox, SECRETS, startConsoleProxy, until, useServers, type ConsoleProxy } from './pull-helpers.js';

const start = useServers();
const proxies: ConsoleProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});
async function proxyTo(target: string, onExchange?: (count: number) => void): Promise<ConsoleProxy> {
  const proxy = await startConsoleProxy(target, onExchange);
  proxies.push(proxy);
  return proxy;
}

const expOf = (jwt: string): number => (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp;
const registryStatus = async (url: string, token: string) =>
  (await fetch(`${url}/api/v1/registry/services/`, { headers: { Authorization: `Bearer ${token}` } })).status;

describe('account mode tokens', () => {
  it('a JWT is kept while valid and exchanged again once its exp has passed (dev server TTL 1 s)', async () => {
    const server = await start({ tokenTtlMs: 1000 });
    const proxy = await proxyTo(server.url);
    const source = createConsoleTokenSource({ consoleUrl: proxy.url, orgId: SECRETS.orgId, apiKeyId: SECRETS.apiKeyId, apiKey: SECRETS.apiKey, timeoutMs: 5000 });
    const first = await source.token();
    const exp = expOf(first) * 1000;
    expect(exp).toBeLessThanOrEqual(Date.now() + 1000);

    // Wait until the deployment refuses the token, then ask for one again.
    await until(() => Date.now() >= exp);
    expect(await registryStatus(server.url, first)).toBe(401);
    const exchangesBefore = proxy.exchanges;
    const second = await source.token();
    expect(proxy.exchanges).toBe(exchangesBefore + 1);
    expect(second).not.toBe(first);
    expect(await registryStatus(server.url, second)).toBe(200);
    expect(source.secrets()).toEqual(expect.arrayContaining([SECRETS.apiKey, first, second]));
  });

  it('a valid JWT is kept; concurrent callers share one exchange; renew exchanges again at once', async () => {
    const server = await start();
    const proxy = await proxyTo(server.url);
    const source = createConsoleTokenSource({ consoleUrl: proxy.url, orgId: SECRETS.orgId, apiKeyId: SECRETS.apiKeyId, apiKey: SECRETS.apiKey, timeoutMs: 5000 });
    const tokens = await Promise.all([source.token(), source.token(), source.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(proxy.exchanges).toBe(1);
    expect(await source.token()).toBe(tokens[0]);
    expect(proxy.exchanges).toBe(1);
    const renewed = await source.renew!();
    expect(proxy.exchanges).toBe(2);
    expect(await source.token()).toBe(renewed);
  });

  it('pull re-exchanges once when the deployment answers 401 to a token it considers expired', async () => {
    // The server's clock jumps 2 minutes right after the first exchange: the first JWT (60 s) is expired for
    // the server while the client, whose clock did not move, still takes it as valid.
    let offset = 0;
    const server = await start({ tokenTtlMs: 60_000, now: () => Date.now() + offset });
    await publishTutorial(server);
    const proxy = await proxyTo(server.url, (count) => {
      if (count === 1) offset = 120_000;
    });
    const run = await runPull(account(server, proxy.url));
    expect(run.code, run.stderr).toBe(0);
    expect(proxy.exchanges).toBe(2);
    expect(expOf(proxy.tokens[0]!) * 1000).toBeGreaterThan(Date.now());
    expect(run.stdout).toBe((await runPull(sandbox(server))).stdout);
    expectNoSecret([run.stdout, run.stderr], proxy.tokens);
  });

  it('pull exchanges again before a request when the JWT has expired by its own exp', async () => {
    const server = await start({ tokenTtlMs: 60_000 });
    await publishTutorial(server);
    const proxy = await proxyTo(server.url);
    // The client's clock is 2 minutes ahead: every token it gets has expired by the next request.
    const run = await runPull(account(server, proxy.url), {}, { now: () => Date.now() + 120_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(proxy.exchanges).toBe(4);
    const steady = await proxyTo(server.url);
    expect((await runPull(account(server, steady.url))).code).toBe(0);
    expect(steady.exchanges).toBe(1);
  });
});
