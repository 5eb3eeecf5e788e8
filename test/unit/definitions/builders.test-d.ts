import { describe, expectTypeOf, it } from 'vitest';
import {
  AtomicProperty, Attribute, Bundle, Criterion, EntityProperty, Event, EventProperty, InterventionCriterion,
  RuleIntervention, Service, StreamAttributeGroup, domain_userid, type AttributeOptions, type DurationInput,
  type InterventionCriterionOptions,
} from '../../../src/definitions/builders.js';
import type { Aggregation, InterventionOperator } from '../../../src/definitions/types.js';
import type {
  AttributeReference, WireAtomicProperty, WireAttribute, WireAttributeGroup, WireBundle, WireCriterion,
  WireEntityProperty, WireEvent, WireEventProperty, WireInterventionCriterion, WireRuleIntervention, WireService,
} from '../../../src/definitions/wire-types.js';

describe('builder types', () => {
  it('return the wire types', () => {
    expectTypeOf(Event).returns.toEqualTypeOf<WireEvent>();
    expectTypeOf(AtomicProperty).returns.toEqualTypeOf<WireAtomicProperty>();
    expectTypeOf(EventProperty).returns.toEqualTypeOf<WireEventProperty>();
    expectTypeOf(EntityProperty).returns.toEqualTypeOf<WireEntityProperty>();
    expectTypeOf(Criterion.eq).returns.toEqualTypeOf<WireCriterion>();
    expectTypeOf(Attribute).returns.toEqualTypeOf<WireAttribute>();
    expectTypeOf(StreamAttributeGroup).returns.toEqualTypeOf<WireAttributeGroup>();
    expectTypeOf(Service).returns.toEqualTypeOf<WireService>();
    expectTypeOf(InterventionCriterion).returns.toEqualTypeOf<WireInterventionCriterion>();
    expectTypeOf(RuleIntervention).returns.toEqualTypeOf<WireRuleIntervention>();
    expectTypeOf(Bundle).returns.toEqualTypeOf<WireBundle>();
  });

  it('use literal unions for aggregations, operators and references', () => {
    expectTypeOf<AttributeOptions['aggregation']>().toEqualTypeOf<Aggregation>();
    expectTypeOf<InterventionCriterionOptions['operator']>().toEqualTypeOf<InterventionOperator>();
    expectTypeOf<InterventionCriterionOptions['attribute']>().toEqualTypeOf<AttributeReference>();
    expectTypeOf<'ecom:count'>().toExtend<AttributeReference>();
    expectTypeOf<'ecom.count'>().not.toExtend<AttributeReference>();
    expectTypeOf<'P1D'>().toExtend<DurationInput>();
    expectTypeOf<'1 day'>().not.toExtend<DurationInput>();
  });

  it('tie the value to the operator', () => {
    expectTypeOf<{ attribute: 'g:a'; operator: '>'; value: 3 }>().toExtend<InterventionCriterionOptions>();
    expectTypeOf<{ attribute: 'g:a'; operator: '>' }>().not.toExtend<InterventionCriterionOptions>();
    expectTypeOf<{ attribute: 'g:a'; operator: 'is not null' }>().toExtend<InterventionCriterionOptions>();
    expectTypeOf<{ attribute: 'g:a'; operator: 'changed'; value: 1 }>().not.toExtend<InterventionCriterionOptions>();
    expectTypeOf<{ attribute: 'g:a'; operator: 'in'; value: [1, 2] }>().toExtend<InterventionCriterionOptions>();
    expectTypeOf<{ attribute: 'g:a'; operator: 'in'; value: 1 }>().not.toExtend<InterventionCriterionOptions>();
  });

  it('keep the built-in keys usable as group keys', () => {
    expectTypeOf(domain_userid).toExtend<WireAttributeGroup['attribute_key']>();
  });
});
