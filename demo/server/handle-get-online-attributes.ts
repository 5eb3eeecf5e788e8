import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttributeGroupDef, Definitions } from '../../src/definitions/types.js';
import { isRecord } from '../../src/is-record.js';
import { HttpError, createValidationError, type ValidationIssue } from './http-error.js';
import { parseJsonBody, readBody } from './read-body.js';
import { readAccessMode } from './read-access-mode.js';
import { requireAuth } from './require-auth.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';

/** `<group>_v<version>:<attribute>` (signals-model.md §11 "Names"). */
const FULL_NAME = /^(.+)_v(\d+):([A-Za-z0-9_]+)$/;
/**
 * A bare attribute name: what the Python SDK sends for `get_group_attributes(..., attributes="<name>")`
 * (a single string is not prefixed, snowplow-signals 0.4.2 attributes_client.py#L24-28).
 */
const BARE_NAME = /^[A-Za-z0-9_]{1,128}$/;

interface OnlineAttributesRequest {
  /** Requested keys with their ids, in request order. */
  keys: [string, string[]][];
  service: string | null;
  attributes: string[];
  fullNames: boolean;
}

/** One response column: the attribute's id in the engine, its bare name, and the key its group is on. */
interface Column {
  keyName: string;
  id: string;
  bare: string;
}

/**
 * `POST /api/v1/get-online-attributes` (signals-model.md §12.2): `{attribute_keys, service}` or
 * `{attribute_keys, attributes}` (each `<group>_v<N>:<attr>`, or a bare attribute name as the Python SDK
 * sends a single one), optional `full_attribute_names`. Columns keyed by bare attribute
 * name (or `<group>_v<N>:<attr>` with `full_attribute_names: true`) plus one column per requested key;
 * each column holds one entry per requested id, in request order; unknown ids and missing values are
 * null; lists stay nested. Several keys are answered independently (§14 item 14). Values are read
 * with the engine at the server's now.
 *
 * Auth: with an `Authorization` header, only a valid bearer is served (else 401), any service or
 * attributes, any ids. Without one, only a service read of a public service is served
 * (`checkPublicRead`); a tokenless read of any other service → 404 (as Signals, not 401), of attributes → 401.
 * `publicServices: true` serves every service read without a token and without the public rules,
 * `false` none.
 */
export async function handleGetOnlineAttributes(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const body = parseJsonBody(await readBody(req));
  const tokenless = req.headers.authorization === undefined;
  const serviceRead = isRecord(body) && typeof body['service'] === 'string' && body['attributes'] == null;
  if (!tokenless || !serviceRead || ctx.publicServices === false) requireAuth(req, ctx);
  const request = validateRequest(body);
  if (tokenless && ctx.publicServices === null) checkPublicRead(ctx, request);
  const columns = request.service !== null
    ? readServiceColumns(ctx.definitions, request.service)
    : readAttributeColumns(ctx.definitions, request);
  sendJson(res, 200, buildResponse(ctx, request, columns));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A tokenless service read (Signals' public access mode): the service's `access_mode` is `"public"`
 * (else 404, the answer for an unknown service), one key with one identifier (else 400), a UUID (else 400).
 */
function checkPublicRead(ctx: ServerContext, request: OnlineAttributesRequest): void {
  const service = request.service!;
  if (readAccessMode(ctx, service) !== 'public') throw new HttpError(404, `service "${service}" not found`);
  const ids = request.keys.flatMap(([, list]) => list);
  if (request.keys.length !== 1 || ids.length !== 1) {
    throw new HttpError(400, `public service "${service}": a request without a token reads exactly one identifier of one attribute key (got ${request.keys.length} keys, ${ids.length} identifiers)`);
  }
  if (!UUID.test(ids[0]!)) {
    throw new HttpError(400, `public service "${service}": the identifier of ${request.keys[0]![0]} must be a UUID`);
  }
}

function validateRequest(body: unknown): OnlineAttributesRequest {
  if (!isRecord(body)) throw createValidationError([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const issues: ValidationIssue[] = [];
  const keys: [string, string[]][] = [];
  const attributeKeys = body['attribute_keys'];
  if (attributeKeys === undefined || attributeKeys === null) {
    issues.push({ loc: ['body', 'attribute_keys'], msg: 'Field required', type: 'missing' });
  } else if (!isRecord(attributeKeys)) {
    issues.push({ loc: ['body', 'attribute_keys'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
  } else {
    for (const [name, ids] of Object.entries(attributeKeys)) {
      if (!Array.isArray(ids)) {
        issues.push({ loc: ['body', 'attribute_keys', name], msg: 'Input should be a valid list', type: 'list_type' });
        continue;
      }
      ids.forEach((id, i) => {
        if (typeof id !== 'string') issues.push({ loc: ['body', 'attribute_keys', name, i], msg: 'Input should be a valid string', type: 'string_type' });
      });
      keys.push([name, ids as string[]]);
    }
  }

  const service = body['service'] ?? null;
  const attributes = body['attributes'] ?? null;
  if ((service === null) === (attributes === null)) {
    issues.push({ loc: ['body'], msg: 'give either "service" or "attributes", not both', type: 'value_error' });
  }
  if (service !== null && typeof service !== 'string') {
    issues.push({ loc: ['body', 'service'], msg: 'Input should be a valid string', type: 'string_type' });
  }
  if (attributes !== null) {
    if (!Array.isArray(attributes)) {
      issues.push({ loc: ['body', 'attributes'], msg: 'Input should be a valid list', type: 'list_type' });
    } else {
      attributes.forEach((name, i) => {
        if (typeof name !== 'string') issues.push({ loc: ['body', 'attributes', i], msg: 'Input should be a valid string', type: 'string_type' });
        else if (!FULL_NAME.test(name) && !BARE_NAME.test(name)) issues.push({ loc: ['body', 'attributes', i], msg: `"${name}" is neither <group>_v<version>:<attribute> nor an attribute name`, type: 'value_error' });
      });
    }
  }
  const fullNames = body['full_attribute_names'] ?? false;
  if (typeof fullNames !== 'boolean') {
    issues.push({ loc: ['body', 'full_attribute_names'], msg: 'Input should be a valid boolean', type: 'bool_type' });
  }
  if (issues.length > 0) throw createValidationError(issues);
  return {
    keys,
    service: service as string | null,
    attributes: (attributes ?? []) as string[],
    fullNames: fullNames as boolean,
  };
}

/** Groups that are served: `online: false` groups are neither computed nor served (§14 item 12). */
function findGroup(definitions: Definitions, name: string, version: number): AttributeGroupDef | undefined {
  return definitions.groups.find((g) => g.name === name && g.version === version && g.online);
}

/** Every attribute (and external field) of the service's groups; values exist only for the groups the engine computes. */
function readServiceColumns(definitions: Definitions, name: string): Column[] {
  const service = definitions.services.find((s) => s.name === name);
  if (service === undefined) throw new HttpError(404, `service "${name}" not found`);
  const columns: Column[] = [];
  for (const ref of service.groups) {
    const group = findGroup(definitions, ref.name, ref.version);
    if (group === undefined) continue;
    for (const bare of columnNames(group)) columns.push({ keyName: group.key.name, id: `${group.name}_v${group.version}:${bare}`, bare });
  }
  return columns;
}

function columnNames(group: AttributeGroupDef): string[] {
  return [...group.attributes.map((a) => a.name), ...group.fields.map((f) => f.name)];
}

/**
 * The requested attributes, each checked to exist and to be on one of the requested keys. A bare name
 * is resolved among the served groups that have an attribute (or field) of that name, preferring those on
 * a requested key: one group (its latest served version) → that column (its full name is the group's);
 * several groups → 422 naming them; none → 404.
 */
function readAttributeColumns(definitions: Definitions, request: OnlineAttributesRequest): Column[] {
  const requestedKeys = new Set(request.keys.map(([name]) => name));
  const issues: ValidationIssue[] = [];
  const columns: Column[] = [];
  request.attributes.forEach((requested, i) => {
    const full = FULL_NAME.test(requested) ? requested : resolveBareName(definitions, requestedKeys, requested, i, issues);
    if (full === null) return;
    const [, groupName, version, bare] = FULL_NAME.exec(full)!;
    const group = findGroup(definitions, groupName!, Number(version));
    if (group === undefined) throw new HttpError(404, `attributes[${i}]: attribute group "${groupName}" version ${version} not found`);
    if (!columnNames(group).includes(bare!)) throw new HttpError(404, `attributes[${i}]: attribute "${bare}" not found in ${groupName}_v${version}`);
    if (!requestedKeys.has(group.key.name)) {
      issues.push({ loc: ['body', 'attributes', i], msg: `${groupName}_v${version} is keyed by "${group.key.name}", which attribute_keys does not name`, type: 'value_error' });
    }
    columns.push({ keyName: group.key.name, id: full, bare: bare! });
  });
  if (issues.length > 0) throw createValidationError(issues);
  return columns;
}

/** The full name `<group>_v<N>:<name>` a bare name stands for, or null with an issue when it is ambiguous. */
function resolveBareName(definitions: Definitions, requestedKeys: ReadonlySet<string>, name: string, i: number, issues: ValidationIssue[]): string | null {
  const having = definitions.groups.filter((g) => g.online && columnNames(g).includes(name));
  if (having.length === 0) throw new HttpError(404, `attributes[${i}]: attribute "${name}" not found in any attribute group`);
  const onKeys = having.filter((g) => requestedKeys.has(g.key.name));
  // None on a requested key: the first group's full name, which readAttributeColumns answers with its 422.
  const candidates = onKeys.length > 0 ? onKeys : having;
  const names = [...new Set(candidates.map((g) => g.name))];
  if (names.length > 1) {
    issues.push({ loc: ['body', 'attributes', i], msg: `"${name}" is in several attribute groups (${names.join(', ')}): name it <group>_v<version>:${name}`, type: 'value_error' });
    return null;
  }
  const latest = candidates.reduce((a, b) => (b.version > a.version ? b : a));
  return `${latest.name}_v${latest.version}:${name}`;
}

function buildResponse(ctx: ServerContext, request: OnlineAttributesRequest, columns: Column[]): Record<string, unknown[]> {
  const now = ctx.now();
  const out = new Map<string, unknown[]>();
  for (const [keyName, ids] of request.keys) {
    if (!out.has(keyName)) out.set(keyName, [...ids]);
    const rows = ids.map((id) => ctx.engine.read(keyName, id, now));
    for (const column of columns) {
      if (column.keyName !== keyName) continue;
      const name = request.fullNames ? column.id : column.bare;
      // On a bare-name clash between groups (or with a key column) the first column wins.
      if (out.has(name)) continue;
      out.set(name, rows.map((row) => (row !== null && Object.hasOwn(row, column.id) ? row[column.id] ?? null : null)));
    }
  }
  return Object.fromEntries(out);
}
