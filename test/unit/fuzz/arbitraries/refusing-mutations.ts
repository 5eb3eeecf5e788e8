// Mutations of a valid bundle that the validator must refuse, each with the place a problem must name
// (worked out from validate-definitions.ts, wire-rules.ts and cross-check-definitions.ts): a required
// key deleted, a value of the wrong type, an unknown enum value, a bad duration, a bad name, path or
// pattern, a misfit (aggregation/type/date_part/operator/value), a reference to a missing attribute,
// group or key, a duplicate name, criteria nested too deep.
import { PROPERTY_AGGREGATIONS } from '../../../../src/definitions/wire-rules.js';
import { TIMESTAMP_COLUMNS } from '../../../../src/event/atomic-columns.js';
import type { WireBundle } from '../../../../src/definitions/wire-types.js';
import { copyValue, readAt, setOwn, type Step } from '../mutate-value.js';
import { bundleSites, type Site, type SiteKind } from './bundle-sites.js';

export interface RefusingMutation {
  describe: string;
  /** A problem's path must be this one or below it. */
  at: Step[];
  /** Changes a copy of the bundle in place. */
  apply: (root: unknown) => void;
}

const BAD_DURATIONS = [true, {}, 'P1Y', 'P2M', '-PT1S', 'PT', 'P', '1 day', 'P1W2D', 'PT1.5M', -5];
const BAD_NAMES = [5, true, [], {}, '', 'a b', 'é', 'x'.repeat(129)];

/** Values of the wrong type or outside the allowed values, for each field of each kind of place. */
const WRONG: Partial<Record<SiteKind, Record<string, readonly unknown[]>>> = {
  group: {
    name: BAD_NAMES, version: ['1', 1.5, 0, -1], attribute_key: ['domain_userid', 5, []], online: ['true', 1],
    offline: ['false'], is_published: ['yes'], ttl: BAD_DURATIONS, attributes: [{}, 'x'], fields: ['x'], batch_source: ['x'],
    description: [5],
  },
  key: { name: BAD_NAMES, key: [5, 'not_a_column', 'contexts'], property: [5, true, [], 'unstruct_event_nope'], ttl: BAD_DURATIONS, is_published: ['true'] },
  attribute: {
    name: BAD_NAMES, type: [5, 'decimal', 'int'], aggregation: [5, 'median', 'count'], events: [{}, 'x'], criteria: [[], 'x'],
    period: [...BAD_DURATIONS, 'PT0S', 0], ttl: [...BAD_DURATIONS, 'PT0S', 0], default_value: [[[1]], [{}]], time_unit: ['ms', 5],
    description: [5], property: [5, true, 'unstruct_event_nope', 'contexts_a_1[-1].x', 'page_urll', 'contexts'],
  },
  property: { type: [5, 'column', 'Atomic'], date_part: ['week_of_year', 5] },
  criterion: { operator: ['between', 5, 'not in', 'rlike'], value: [{}, [{}], [[1]]], property: [5, 'page_urll'] },
  event: { name: [5, 'a.b', '', 'x'.repeat(129)], vendor: ['a b', 5, ''], version: ['1-0', 'latest', 5] },
  field: { name: BAD_NAMES, type: ['', 5] },
  batch_source: { name: BAD_NAMES, database: ['a b', 5], schema: [5], table: [5] },
  service: { name: BAD_NAMES, attribute_groups: ['x', {}], is_published: ['true'] },
  service_ref: { name: [5, 'a b'], version: ['1', 0] },
  intervention: {
    name: BAD_NAMES, version: ['2', 0], criteria: ['x', [], 5], is_published: ['true'],
    target_attribute_keys: [{}, 'x', [5], ['a b'], [{}]],
  },
};
const WRONG_IN_PROPERTY: Record<string, Record<string, readonly unknown[]>> = {
  atomic: { name: [5, 'not_a_column', 'contexts', 'unstruct_event'] },
  event: { vendor: [5, ''], name: [5, 'a.b', ''], major_version: ['1', 0, 1.5], path: [5, '$', '', 'a..b', 'a[*]', "a['b']", 'a[-1]', 'a]'] },
};
WRONG_IN_PROPERTY.entity = { ...WRONG_IN_PROPERTY.event!, index: [-1, 1.5, '0'] };
const WRONG_IN_LEAF = { attribute: [5, 'nogroup', 'g:a:b', 'a b:c'], operator: ['matches', 5, '<>'] };

const VALUELESS = ['is null', 'is not null', 'changed'];

/** The required keys of a place (deleting one is refused at its path). */
function requiredKeys(site: Site): string[] {
  const v = site.value;
  switch (site.kind) {
    case 'group': return ['name', 'attribute_key', ...(v.fields ? ['batch_source'] : [])];
    case 'key': case 'service': case 'service_ref': case 'batch_source': return ['name'];
    case 'attribute': return ['name', 'type', 'aggregation', ...(PROPERTY_AGGREGATIONS.includes(v.aggregation) ? ['property'] : []),
      ...(String(v.aggregation).startsWith('time_since') ? ['time_unit'] : [])];
    case 'property': return ['type', ...(v.type === 'atomic' ? ['name'] : ['vendor', 'name', 'major_version', 'path'])];
    case 'criterion': return ['property', 'operator', 'value'];
    case 'field': return ['name', 'type'];
    case 'intervention': return ['name', 'criteria'];
    case 'event': return [];
    case 'node': return v.attribute === undefined ? [] : ['operator', ...(VALUELESS.includes(v.operator) ? [] : ['value'])];
  }
}

/** Sets (or, with `undefined`, deletes) the value at `path` of `root`. */
function setAt(root: unknown, path: readonly Step[], value: unknown): void {
  const parent = readAt(root, path.slice(0, -1)) as Record<string, unknown> | unknown[];
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent[last as number] = value;
  else if (value === undefined) delete parent[last as string];
  else setOwn(parent, last as string, value);
}

/** A name none of `taken` is: `missing_…`. */
function unused(taken: ReadonlySet<string>, base: string): string {
  let name = `missing_${base}`;
  while (taken.has(name)) name += '_';
  return name;
}

/** Every refusing mutation of `bundle`. */
export function refusingMutations(bundle: WireBundle): RefusingMutation[] {
  const out: RefusingMutation[] = [];
  const change = (describe: string, at: Step[], apply: (root: unknown) => void) => out.push({ describe, at, apply });
  const set = (path: Step[], value: unknown, at: Step[] = path) =>
    change(`${path.join('.')} = ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}`, at, (root) => setAt(root, path, copyValue(value)));
  const remove = (path: Step[], at: Step[] = path) => change(`deleted ${path.join('.')}`, at, (root) => setAt(root, path, undefined));
  const append = (list: Step[], item: unknown, at: Step[]) => change(`appended a copy to ${list.join('.')}`, at, (root) => {
    (readAt(root, list) as unknown[]).push(copyValue(item));
  });

  const groupNames = new Set(bundle.attribute_groups.map((g) => g.name));
  const itemNames = new Set(bundle.attribute_groups.flatMap((g) => [...(g.attributes ?? []), ...(g.fields ?? [])].map((a) => a.name)));
  const keyNames = new Set([...bundle.attribute_groups.map((g) => g.attribute_key.name), ...(bundle.attribute_keys ?? []).map((k) => k.name)]);

  for (const site of bundleSites(bundle)) {
    const { path, value: v } = site;
    for (const key of requiredKeys(site)) remove([...path, key]);
    const wrong = { ...WRONG[site.kind], ...(site.kind === 'property' ? WRONG_IN_PROPERTY[v.type] : {}), ...(site.kind === 'node' && v.attribute !== undefined ? WRONG_IN_LEAF : {}) };
    for (const [field, values] of Object.entries(wrong)) for (const value of values) set([...path, field], value);

    switch (site.kind) {
      case 'group': {
        if (v.attributes) {
          set([...path, 'attributes'], [], path); // no attribute and no field
          set([...path, 'fields'], [{ name: 'f', type: 'string' }], path); // both attributes and fields
        }
        const g = path[1] as number;
        append(['attribute_groups'], v, ['attribute_groups', bundle.attribute_groups.length]);
        set([...path, 'attribute_key'], { name: unused(keyNames, 'key') });
        const list = (v.attributes ?? v.fields) as { name: string }[];
        const kind = v.attributes ? 'attributes' : 'fields';
        append(['attribute_groups', g, kind], list[0], ['attribute_groups', g, kind, list.length]);
        if (list.length > 1) set(['attribute_groups', g, kind, list.length - 1, 'name'], list[0]!.name, ['attribute_groups', g, kind, list.length - 1]);
        break;
      }
      case 'key':
        if (path[0] === 'attribute_keys') {
          append(['attribute_keys'], v, ['attribute_keys', bundle.attribute_keys!.length]);
          set(path, { name: unused(keyNames, 'key') });
        }
        break;
      case 'attribute': {
        const agg = String(v.aggregation);
        if (/^(sum|min|max|mean|unique_list|approx_count_distinct|time_since)/.test(agg)) set([...path, 'type'], 'string');
        if (agg === 'category_count') set([...path, 'type'], 'int32');
        if (agg.startsWith('time_since')) set([...path, 'property'], { type: 'atomic', name: 'page_url' });
        if (/^(counter|sum|min|max|mean|time_since)/.test(agg)) {
          set([...path, 'property'], { ...(v.property ?? { type: 'atomic', name: 'derived_tstamp' }), date_part: 'hour_of_day' }, [...path, 'property']);
        }
        if (v.period !== undefined) set([...path, 'ttl'], 'PT1H');
        if (v.ttl !== undefined) set([...path, 'period'], 'PT1H', [...path, 'ttl']);
        break;
      }
      case 'property':
        if (v.type === 'atomic' && !TIMESTAMP_COLUMNS.has(v.name)) set([...path, 'date_part'], 'hour_of_day');
        break;
      case 'criterion':
        change(`${path.join('.')}: in with one value`, [...path, 'value'], (root) => {
          setAt(root, [...path, 'operator'], 'in');
          setAt(root, [...path, 'value'], 'x');
        });
        change(`${path.join('.')}: = with a list`, [...path, 'value'], (root) => {
          setAt(root, [...path, 'operator'], '=');
          setAt(root, [...path, 'value'], ['x']);
        });
        change(`${path.join('.')}: like with a number`, [...path, 'value'], (root) => {
          setAt(root, [...path, 'operator'], 'like');
          setAt(root, [...path, 'value'], 5);
        });
        break;
      case 'service': {
        const refs = Array.from({ length: 101 }, () => bundle.attribute_groups[0]!).map(({ name, version }) => ({ name, version }));
        set([...path, 'attribute_groups'], refs);
        append(['services'], v, ['services', bundle.services.length]);
        break;
      }
      case 'service_ref':
        set(path, { name: unused(groupNames, 'group'), version: 1 });
        set([...path, 'version'], 99, path);
        break;
      case 'intervention':
        append(['interventions'], v, ['interventions', bundle.interventions.length]);
        change(`${path.join('.')}: criteria nested 101 levels deep`, [...path, 'criteria'], (root) => {
          let criteria = readAt(root, [...path, 'criteria']);
          for (let n = 0; n < 101; n++) criteria = { any: [criteria] };
          setAt(root, [...path, 'criteria'], criteria);
        });
        break;
      case 'node':
        if (v.attribute !== undefined) {
          const [group, attribute] = String(v.attribute).split(':') as [string, string];
          set([...path, 'attribute'], `${group}:${unused(itemNames, 'attribute')}`);
          set([...path, 'attribute'], `${unused(groupNames, 'group')}:${attribute}`);
          set([...path, 'all'], [], path); // two forms
          change(`${path.join('.')}: rlike (a+)+$`, [...path, 'value'], (root) => {
            setAt(root, [...path, 'operator'], 'rlike');
            setAt(root, [...path, 'value'], '(a+)+$');
          });
          change(`${path.join('.')}: in with one value`, [...path, 'value'], (root) => {
            setAt(root, [...path, 'operator'], 'in');
            setAt(root, [...path, 'value'], 'x');
          });
          change(`${path.join('.')}: is null with a value`, [...path, 'value'], (root) => {
            setAt(root, [...path, 'operator'], 'is null');
            setAt(root, [...path, 'value'], 1);
          });
          if (v.value !== undefined) set([...path, 'value'], {});
          if (site.underAnyOrNone) {
            change(`${path.join('.')}: changed under any or none`, [...path, 'operator'], (root) => {
              setAt(root, [...path, 'operator'], 'changed');
              setAt(root, [...path, 'value'], undefined);
            });
          }
        } else {
          const form = ['all', 'any', 'none'].find((key) => v[key] !== undefined)!;
          remove([...path, form], path); // no form left
          set([...path, form], {});
          set([...path, 'attribute'], `${groupNames.values().next().value}:x`, path); // two forms
        }
        break;
      default:
        break;
    }
  }
  return out;
}
