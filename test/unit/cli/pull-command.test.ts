// signals-edge pull against the real dev server, its registry filled by replaying the Python SDK's
// recorded publish requests: both auth modes, the bundle, --service, unpublished objects, determinism, --out.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import {
  account, expectNoSecret, GROUPS, INTERVENTIONS, KEYS, publish, publishTutorial, runPull, sandbox, SDK_PUBLISH, SECRETS, SERVICES,
  sessionGroup, startConsoleProxy, useServers,
} from './pull-helpers.js';

const start = useServers();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-pull-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const names = (list: { name: string; version?: number }[]) => list.map((item) => (item.version === undefined ? item.name : `${item.name} v${item.version}`));

/** The tutorial plus a session group, its service, an intervention on it and one reading both groups. */
async function publishTwoServices(server: Awaited<ReturnType<typeof start>>): Promise<void> {
  await publishTutorial(server);
  await publish(server, GROUPS, sessionGroup('session_attributes'));
  await publish(server, SERVICES, { name: 'session_service', attribute_groups: [{ name: 'session_attributes', version: 1 }], is_published: true });
  await publish(server, INTERVENTIONS, {
    name: 'long_session', version: 1, is_published: true,
    criteria: { attribute: 'session_attributes:page_views', operator: '>', value: 10 }, target_attribute_keys: [{ name: 'domain_sessionid' }],
  });
  await publish(server, INTERVENTIONS, {
    name: 'engaged_buyer', version: 1, is_published: true,
    criteria: { all: [{ attribute: 'session_attributes:page_views', operator: '>', value: 3 }, { any: [{ attribute: 'ecom_attributes:count_add_to_cart', operator: '>', value: 0 }] }] },
  });
}

describe('signals-edge pull', () => {
  it('the sandbox token and an API key exchanged at the Console give the same bundle, which parses', async () => {
    const server = await start();
    await publishTutorial(server);
    const proxy = await startConsoleProxy(server.url);
    try {
      const bySandbox = await runPull(sandbox(server));
      const byAccount = await runPull(account(server, proxy.url));
      expect(bySandbox.code, bySandbox.stderr).toBe(0);
      expect(byAccount.code, byAccount.stderr).toBe(0);
      expect(proxy.exchanges).toBe(1);
      expect(byAccount.stdout).toBe(bySandbox.stdout);
      expect(bySandbox.stderr).toBe(`pulled 1 attribute group(s), 1 service(s), 3 intervention(s), 1 attribute key(s) from ${server.url}\n`);
      expectNoSecret([bySandbox.stdout, bySandbox.stderr, byAccount.stdout, byAccount.stderr], proxy.tokens);

      expect(bySandbox.stdout.endsWith('}\n')).toBe(true);
      const bundle = JSON.parse(bySandbox.stdout);
      expect(Object.keys(bundle)).toEqual(['attribute_groups', 'services', 'interventions', 'attribute_keys']);
      expect(names(bundle.attribute_groups)).toEqual(['ecom_attributes v1']);
      expect(names(bundle.services)).toEqual(['ecom_attributes']);
      expect(names(bundle.interventions)).toEqual(['cart_abandonment v1', 'discount v1', 'free_shipping v1']);
      expect(names(bundle.attribute_keys)).toEqual(['domain_userid']);
      // The fields the registry returns are kept, its output fields too.
      expect(bundle.attribute_groups[0]).toMatchObject({ owner: 'user@company.com', feast_name: 'ecom_attributes_v1', stream_source_name: null, is_published: true });
      expect(bundle.attribute_groups[0].attributes).toEqual(SDK_PUBLISH[0]!.body['attributes']);
      expect(bySandbox.stdout).toBe(`${JSON.stringify(JSON.parse(bySandbox.stdout), null, 2)}\n`);

      const parsed = parseDefinitions(bundle, { registry: true });
      expect(parsed.ok && parsed.warnings).toEqual([]);
      if (!parsed.ok) return;
      expect(parsed.definitions.groups.map((g) => g.attributes.length)).toEqual([3]);
      expect(parsed.definitions.interventions).toHaveLength(3);
    } finally {
      await proxy.close();
    }
  });

  it('reads the settings from the environment; flags win', async () => {
    const server = await start();
    await publishTutorial(server);
    const env = {
      SIGNALS_API_URL: server.url, SNOWPLOW_CONSOLE_URL: server.url,
      SNOWPLOW_CONSOLE_API_KEY_ID: SECRETS.apiKeyId, SNOWPLOW_CONSOLE_API_KEY: SECRETS.apiKey, SNOWPLOW_CONSOLE_ORG_ID: SECRETS.orgId,
    };
    const fromEnv = await runPull([], env);
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).services).toHaveLength(1);
    // Flags over a wrong URL and a wrong key in the environment.
    const withFlag = await runPull(['--api-url', server.url, '--api-key', SECRETS.apiKey], { ...env, SIGNALS_API_URL: 'http://127.0.0.1:1', SNOWPLOW_CONSOLE_API_KEY: 'wrong-secret-0d1e' });
    expect(withFlag.code, withFlag.stderr).toBe(0);
    expect(withFlag.stdout).toBe(fromEnv.stdout);
    // The sandbox token given by flag wins over an API key in the environment.
    const sandboxFlag = await runPull(['--sandbox-token', SECRETS.token], { ...env, SNOWPLOW_CONSOLE_API_KEY: 'wrong-secret-0d1e' });
    expect(sandboxFlag.code, sandboxFlag.stderr).toBe(0);
    expect(sandboxFlag.stdout).toBe(fromEnv.stdout);
    expectNoSecret([fromEnv.stdout, fromEnv.stderr, withFlag.stdout, withFlag.stderr, sandboxFlag.stdout, sandboxFlag.stderr]);
  });

  it('--service keeps those services, their groups and keys, and the interventions reading only those groups', async () => {
    const server = await start();
    await publishTwoServices(server);

    const all = await runPull(sandbox(server));
    expect(all.code, all.stderr).toBe(0);
    const everything = JSON.parse(all.stdout);
    expect(names(everything.services)).toEqual(['ecom_attributes', 'session_service']);
    expect(names(everything.interventions)).toEqual(['cart_abandonment v1', 'discount v1', 'engaged_buyer v1', 'free_shipping v1', 'long_session v1']);
    expect(names(everything.attribute_keys)).toEqual(['domain_sessionid', 'domain_userid']);

    const session = await runPull([...sandbox(server), '--service', 'session_service']);
    expect(session.code, session.stderr).toBe(0);
    const bundle = JSON.parse(session.stdout);
    expect(names(bundle.services)).toEqual(['session_service']);
    expect(names(bundle.attribute_groups)).toEqual(['session_attributes v1']);
    expect(names(bundle.attribute_keys)).toEqual(['domain_sessionid']);
    expect(names(bundle.interventions)).toEqual(['long_session v1']);
    expect(session.stderr).toContain('warning: intervention "engaged_buyer" version 1 left out: its criteria read group "ecom_attributes", which no selected service uses\n');
    expect(parseDefinitions(bundle, { registry: true }).ok).toBe(true);

    const ecom = JSON.parse((await runPull([...sandbox(server), '--service', 'ecom_attributes'])).stdout);
    expect(names(ecom.interventions)).toEqual(['cart_abandonment v1', 'discount v1', 'free_shipping v1']);
    expect(names(ecom.attribute_keys)).toEqual(['domain_userid']);

    const both = await runPull([...sandbox(server), '--service', 'session_service', '--service', 'ecom_attributes']);
    expect(both.code).toBe(0);
    expect(both.stdout).toBe(all.stdout);

    const unknown = await runPull([...sandbox(server), '--service', 'ecom_attributes', '--service', 'checkout']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('--service: service "checkout" is not in the registry; the published services are: ecom_attributes, session_service\n');
  });

  it('leaves unpublished objects out unless --include-unpublished', async () => {
    const server = await start();
    await publishTutorial(server);
    await publish(server, GROUPS, { ...sessionGroup('draft_group'), is_published: false });
    await publish(server, GROUPS, { ...SDK_PUBLISH[0]!.body, version: 2, is_published: false });
    await publish(server, SERVICES, { name: 'draft_service', attribute_groups: [{ name: 'draft_group', version: 1 }], is_published: false });
    await publish(server, SERVICES, { name: 'live_on_draft', attribute_groups: [{ name: 'draft_group', version: 1 }], is_published: true });
    await publish(server, INTERVENTIONS, { name: 'draft_rule', version: 1, is_published: false, criteria: { attribute: 'ecom_attributes:count_product_views', operator: '>', value: 1 } });

    const published = await runPull(sandbox(server));
    expect(published.code, published.stderr).toBe(0);
    const bundle = JSON.parse(published.stdout);
    expect(names(bundle.attribute_groups)).toEqual(['ecom_attributes v1']);
    expect(names(bundle.services)).toEqual(['ecom_attributes']);
    expect(names(bundle.interventions)).toEqual(['cart_abandonment v1', 'discount v1', 'free_shipping v1']);
    expect(published.stderr).toContain('warning: service "live_on_draft" left out: it uses group "draft_group" version 1, which is not published (add --include-unpublished to pull it)\n');
    expect(JSON.stringify(bundle)).not.toContain('draft');

    const drafts = await runPull([...sandbox(server), '--include-unpublished']);
    expect(drafts.code, drafts.stderr).toBe(0);
    const all = JSON.parse(drafts.stdout);
    expect(names(all.attribute_groups)).toEqual(['draft_group v1', 'ecom_attributes v1', 'ecom_attributes v2']);
    expect(names(all.services)).toEqual(['draft_service', 'ecom_attributes', 'live_on_draft']);
    expect(names(all.interventions)).toEqual(['cart_abandonment v1', 'discount v1', 'draft_rule v1', 'free_shipping v1']);
    expect(parseDefinitions(all, { registry: true, includeUnpublished: true }).ok).toBe(true);

    const draftService = await runPull([...sandbox(server), '--service', 'draft_service']);
    expect(draftService.code).toBe(2);
    expect(draftService.stderr).toMatch(/^--service: service "draft_service" is not published \(add --include-unpublished to pull it\); the published services are: ecom_attributes, live_on_draft\n$/);
    const withDrafts = JSON.parse((await runPull([...sandbox(server), '--service', 'draft_service', '--include-unpublished'])).stdout);
    expect(names(withDrafts.attribute_groups)).toEqual(['draft_group v1']);
  });

  it('same registry content, byte-identical output, whatever order the objects were published in', async () => {
    const first = await start();
    const second = await start();
    const extraGroups = [sessionGroup('b_session'), sessionGroup('a_session', 2), sessionGroup('a_session', 1), { ...SDK_PUBLISH[0]!.body, version: 3 }];
    const key = { name: 'loyalty_id', property: { type: 'atomic', name: 'user_id' }, is_published: true };
    const [group, service, ...interventions] = SDK_PUBLISH;

    await publish(first, KEYS, key);
    await publish(first, group!.path, group!.body);
    for (const g of extraGroups) await publish(first, GROUPS, g);
    await publish(first, service!.path, service!.body);
    for (const i of interventions) await publish(first, i.path, i.body);

    // The other order, and the fields of every body in reverse order.
    const reversed = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).reverse());
    for (const g of [...extraGroups].reverse()) await publish(second, GROUPS, reversed(g));
    await publish(second, group!.path, reversed(group!.body));
    for (const i of [...interventions].reverse()) await publish(second, i.path, reversed(i.body));
    await publish(second, service!.path, reversed(service!.body));
    await publish(second, KEYS, reversed(key));

    const a = await runPull(sandbox(first));
    const b = await runPull(sandbox(second));
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const bundle = JSON.parse(a.stdout);
    expect(names(bundle.attribute_groups)).toEqual(['a_session v1', 'a_session v2', 'b_session v1', 'ecom_attributes v1', 'ecom_attributes v3']);
    expect(names(bundle.attribute_keys)).toEqual(['domain_sessionid', 'domain_userid', 'loyalty_id']);
    expect(Object.keys(bundle.attribute_groups[0]).slice(0, 2)).toEqual(['name', 'version']);
    // Pulled twice from the same server: the same bytes too.
    expect((await runPull(sandbox(first))).stdout).toBe(a.stdout);
  });

  it('--out writes the bundle atomically: the file holds what stdout would, no temporary file is left', async () => {
    const server = await start();
    await publishTutorial(server);
    const out = join(dir, 'definitions.json');
    writeFileSync(out, 'old content');
    const written = await runPull([...sandbox(server), '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(`pulled 1 attribute group(s), 1 service(s), 3 intervention(s), 1 attribute key(s) from ${server.url} into ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe((await runPull(sandbox(server))).stdout);
    expect(readdirSync(dir)).toEqual(['definitions.json']);
    expectNoSecret([readFileSync(out, 'utf8')]);

    // A failed pull leaves the file as it was.
    const refused = await runPull(['--api-url', server.url, '--sandbox-token', 'wrong-secret-0d1e', '--out', out]);
    expect(refused.code).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe((await runPull(sandbox(server))).stdout);
    expect(readdirSync(dir)).toEqual(['definitions.json']);

    // A directory that does not exist: exit 1, nothing written anywhere.
    const missingDir = await runPull([...sandbox(server), '--out', join(dir, 'nope', 'definitions.json')]);
    expect(missingDir.code).toBe(1);
    expect(missingDir.stderr).toBe(`cannot write ${join(dir, 'nope', 'definitions.json')} (ENOENT): does its directory exist and is it writable?\n`);
    expect(readdirSync(dir)).toEqual(['definitions.json']);
  });

  it('definitions that do not load are exit 1 listing the problems, and nothing is written', async () => {
    const server = await start();
    await publishTutorial(server);
    // A published service whose group was deleted afterwards (the dev server allows it, as Signals may).
    await publish(server, GROUPS, sessionGroup('gone'));
    await publish(server, SERVICES, { name: 'orphan', attribute_groups: [{ name: 'gone', version: 1 }], is_published: true });
    const res = await fetch(`${server.url}${GROUPS}gone/versions/1`, { method: 'DELETE', headers: { Authorization: `Bearer ${SECRETS.token}` } });
    expect(res.status).toBe(200);
    const out = join(dir, 'orphan.json');
    const run = await runPull([...sandbox(server), '--service', 'orphan', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the definitions pulled from ${server.url} do not load: 1 problem in definitions:\nservices[0].attribute_groups[0]: group "gone" version 1 is not in attribute_groups\n`);
    expect(readdirSync(dir)).not.toContain('orphan.json');
    // Without --service that service is left out with a warning.
    const all = await runPull(sandbox(server));
    expect(all.code).toBe(0);
    expect(all.stderr).toContain('warning: service "orphan" left out: it uses group "gone" version 1, which is not in the registry\n');
  });
});
