/**
 * Typed builders of Signals definitions with the Python SDK's names and keyword names, each taking
 * one options object and returning the wire JSON (`wire-types.ts`), ready for a bundle file.
 */
export {
  Attribute, AtomicProperty, Criteria, Criterion, EntityProperty, Event, EventProperty, PagePing, PageView,
  StructuredEvent,
} from './builders/attribute.js';
export type {
  AtomicPropertyOptions, AttributeOptions, CriteriaOptions, CriterionOptions, EntityPropertyOptions, EventOptions,
  EventPropertyOptions, ValueAggregation,
} from './builders/attribute.js';
export {
  AttributeKey, LinkAttributeKey, client_session_session_id, client_session_user_id, domain_sessionid, domain_userid, network_userid, user_id,
} from './builders/attribute-key.js';
export type { AttributeKeyOptions } from './builders/attribute-key.js';
export {
  BatchAttributeGroup, BatchSource, ExternalBatchAttributeGroup, Field, StreamAttributeGroup,
} from './builders/attribute-group.js';
export type {
  BatchAttributeGroupOptions, ExternalBatchAttributeGroupOptions, StreamAttributeGroupOptions,
} from './builders/attribute-group.js';
export { Bundle, Service } from './builders/bundle.js';
export type { BundleOptions, ServiceOptions } from './builders/bundle.js';
export type { DurationInput, DurationParts } from './builders/format-duration-input.js';
export {
  InterventionCriteriaAll, InterventionCriteriaAny, InterventionCriteriaNone, InterventionCriterion,
  RuleIntervention,
} from './builders/rule-intervention.js';
export type { InterventionCriterionOptions, RuleInterventionOptions } from './builders/rule-intervention.js';
