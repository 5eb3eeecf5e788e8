// Valid definitions bundles in the Signals wire format, as the builders write them: declared keys,
// groups (several versions of one name too), services naming existing group versions, and rule
// interventions over existing attributes and fields. What is valid is worked out from
// validate-definitions.ts, wire-rules.ts and cross-check-definitions.ts.
import fc from 'fast-check';
import { BUILT_IN_ATTRIBUTE_KEYS } from '../../../../src/definitions/built-in-attribute-keys.js';
import type {
  AttributeReference, WireAttributeGroup, WireAttributeKey, WireBundle, WireRuleIntervention, WireService,
} from '../../../../src/definitions/wire-types.js';
import { definedAttributeKey } from './wire-attribute-key.js';
import { wireAttributeGroup } from './wire-attribute-group.js';
import { wireCriteriaNode } from './wire-criteria-node.js';
import { wireName } from './wire-name.js';

const groupName = fc.oneof(fc.constantFrom('shop', 'session_stats'), wireName);
const versioned = (name: fc.Arbitrary<string>, max: number) => fc.record({ name, version: fc.integer({ min: 1, max }) });
const unique = <T extends { name: string; version: number }>(item: fc.Arbitrary<T>, minLength: number, maxLength: number) =>
  fc.uniqueArray(item, { selector: (x) => `${x.name}\u0000${x.version}`, minLength, maxLength });

const published = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

function services(groups: readonly WireAttributeGroup[]): fc.Arbitrary<WireService[]> {
  const refs = groups.map(({ name, version }) => ({ name, version }));
  return fc.uniqueArray(fc.record({
    name: wireName,
    attribute_groups: fc.subarray(refs),
    is_published: published,
    description: fc.constant('A generated service.'),
    owner: fc.constant('user@company.com'),
  }, { requiredKeys: ['name', 'attribute_groups', 'is_published'] }), { selector: (s) => s.name, maxLength: 3 });
}

function interventions(groups: readonly WireAttributeGroup[], keyNames: readonly string[]): fc.Arbitrary<WireRuleIntervention[]> {
  const refs = groups.flatMap((g) => [...(g.attributes ?? []), ...(g.fields ?? [])].map((a) => `${g.name}:${a.name}` as AttributeReference));
  const body = fc.record({
    is_published: published,
    criteria: wireCriteriaNode(refs, 3),
    target_attribute_keys: fc.uniqueArray(fc.constantFrom(...keyNames), { maxLength: 2 }).map((names) => names.map((name) => ({ name }))),
    description: fc.constant('A generated intervention.'),
    owner: fc.constant('user@company.com'),
  }, { requiredKeys: ['is_published', 'criteria'] });
  // Most rules target the keys of the groups they read (no target_attribute_keys).
  return unique(versioned(wireName, 2), 0, 4).chain((heads) =>
    fc.tuple(...heads.map((head) => body.map((rest) => ({ ...head, ...rest })))));
}

/** A valid bundle; `attribute_keys` only when it declares some. */
export const validBundle: fc.Arbitrary<WireBundle> = fc
  .tuple(fc.uniqueArray(definedAttributeKey, { selector: (k) => k.name, maxLength: 2 }), unique(versioned(groupName, 3), 1, 4))
  .chain(([declared, heads]) => {
    const declaredNames = declared.map((k) => k.name);
    return fc.tuple(fc.constant(declared), fc.tuple(...heads.map(({ name, version }) => wireAttributeGroup(name, version, declaredNames))));
  })
  .chain(([declared, groups]) => {
    const keyNames = [...new Set([...BUILT_IN_ATTRIBUTE_KEYS, ...declared.map((k) => k.name), ...groups.map((g) => g.attribute_key.name)])];
    return fc.record({ services: services(groups), interventions: interventions(groups, keyNames) }).map((rest) => {
      const bundle: WireBundle = { attribute_groups: groups, ...rest };
      if (declared.length > 0) bundle.attribute_keys = declared as WireAttributeKey[];
      return bundle;
    });
  });
