// The typed places of a generated bundle, each with its path from the root: groups, keys, attributes,
// properties, criteria, event filters, fields, batch sources, services and their group references,
// interventions and their criteria nodes. Mutations pick a place and break it in a way its kind allows.
import type { WireBundle } from '../../../../src/definitions/wire-types.js';
import type { Step } from '../mutate-value.js';

export type SiteKind =
  | 'group' | 'key' | 'attribute' | 'property' | 'criterion' | 'event' | 'field' | 'batch_source' | 'service'
  | 'service_ref' | 'intervention' | 'node';

export interface Site {
  kind: SiteKind;
  path: Step[];
  value: Record<string, any>;
  /** For a node: some ancestor is `any` or `none`. */
  underAnyOrNone: boolean;
}

/** Every typed place of `bundle`, in document order. */
export function bundleSites(bundle: WireBundle): Site[] {
  const sites: Site[] = [];
  const add = (kind: SiteKind, path: Step[], value: unknown, underAnyOrNone = false) => {
    sites.push({ kind, path, value: value as Record<string, any>, underAnyOrNone });
  };
  const key = (value: Record<string, any>, path: Step[]) => {
    add('key', path, value);
    if (value.property !== undefined) add('property', [...path, 'property'], value.property);
  };
  bundle.attribute_keys?.forEach((k, i) => key(k, ['attribute_keys', i]));
  bundle.attribute_groups.forEach((group, g) => {
    const at: Step[] = ['attribute_groups', g];
    add('group', at, group);
    key(group.attribute_key, [...at, 'attribute_key']);
    if (group.batch_source !== undefined) add('batch_source', [...at, 'batch_source'], group.batch_source);
    group.fields?.forEach((field, f) => add('field', [...at, 'fields', f], field));
    group.attributes?.forEach((attribute, a) => {
      const path = [...at, 'attributes', a];
      add('attribute', path, attribute);
      if (attribute.property !== undefined) add('property', [...path, 'property'], attribute.property);
      attribute.events?.forEach((event, e) => add('event', [...path, 'events', e], event));
      for (const list of ['all', 'any'] as const) {
        attribute.criteria?.[list]?.forEach((criterion, c) => {
          const cpath = [...path, 'criteria', list, c];
          add('criterion', cpath, criterion);
          add('property', [...cpath, 'property'], criterion.property);
        });
      }
    });
  });
  bundle.services.forEach((service, s) => {
    add('service', ['services', s], service);
    service.attribute_groups.forEach((ref, r) => add('service_ref', ['services', s, 'attribute_groups', r], ref));
  });
  const node = (value: Record<string, any>, path: Step[], underAnyOrNone: boolean) => {
    add('node', path, value, underAnyOrNone);
    for (const list of ['all', 'any', 'none']) {
      (value[list] as Record<string, any>[] | undefined)?.forEach((child, i) => node(child, [...path, list, i], underAnyOrNone || list !== 'all'));
    }
  };
  bundle.interventions.forEach((intervention, i) => {
    add('intervention', ['interventions', i], intervention);
    node(intervention.criteria, ['interventions', i, 'criteria'], false);
  });
  return sites;
}

/** A path as problems write it: `attribute_groups[0].attributes[2].type`. */
export function formatPath(path: readonly Step[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}
