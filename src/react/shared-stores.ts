import type { DeliveredIntervention } from '../runtime/create-intervention-dispatcher.js';
import { createAttributesStore, type AttributesSnapshot, type AttributesStoreOptions } from '../plugin/create-attributes-store.js';
import { createInterventionsStore, type InterventionsStore } from '../plugin/create-interventions-store.js';
import type { ExternalStore } from '../plugin/external-store.js';

/**
 * One store per selection and trackers for the whole page, shared by every component that reads it
 * (a hook's `subscribe` must stay the same function between renders).
 */
const attributeStores = new Map<string, ExternalStore<AttributesSnapshot>>();
const interventionStores = new Map<string, InterventionsStore>();

export function attributesStoreFor(options: AttributesStoreOptions | undefined, trackers: string[] | undefined): ExternalStore<AttributesSnapshot> {
  const key = JSON.stringify([options ?? {}, trackers ?? []]);
  let store = attributeStores.get(key);
  if (store === undefined) attributeStores.set(key, (store = createAttributesStore(options, trackers)));
  return store;
}

/** Every intervention of `trackers`, kept from the first time the bindings asked for it. */
export function interventionsStoreFor(trackers: string[] | undefined): InterventionsStore {
  const key = JSON.stringify(trackers ?? []);
  let store = interventionStores.get(key);
  if (store === undefined) interventionStores.set(key, (store = createInterventionsStore({}, trackers)));
  return store;
}

/**
 * Takes an intervention out of what `useIntervention` and `useInterventions` give, in every component
 * (the page showed or dismissed it); a later delivery of the same name shows again.
 */
export function markInterventionHandled(intervention: DeliveredIntervention | string): void {
  for (const store of interventionStores.values()) store.markHandled(intervention);
}
