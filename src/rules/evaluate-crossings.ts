import type { FiredIntervention } from './intervention-payload.js';
import type { CompiledIntervention, ValueLookup } from './compile-intervention.js';
import { setOwn } from '../set-own.js';
import { toAttributeTexts } from './attribute-text.js';
import type { Ledger } from '../state/state-types.js';

export function ledgerKey(name: string, version: number, keyName: string, id: string): string {
  return `${name}\u0000${version}\u0000${keyName}\u0000${id}`;
}

export interface CrossingInput {
  intervention: CompiledIntervention;
  /** Values before and after the event, both at the event's derived_tstamp. */
  before: ValueLookup;
  after: ValueLookup;
  /** Attribute ids whose value the event changed. */
  changed: ReadonlySet<string>;
  eventId: string;
  tstamp: number;
  /** The id the event carries for a key name, or null. */
  targetId: (keyName: string) => string | null;
  ledger: Ledger;
  newId: () => string;
}

/**
 * Fires an intervention on the event's transition from not matching to matching (docs/semantics.md#crossings),
 * once per target id the event carries, and records each in the ledger so the same
 * crossing (same event) never fires twice. All targets of one crossing share one `intervention_id`.
 */
export function evaluateCrossing(input: CrossingInput): FiredIntervention[] {
  const { intervention, before, after, changed, ledger } = input;
  if (intervention.test(before, null) || !intervention.test(after, changed)) return [];
  const { name, version } = intervention.def;
  const fired: FiredIntervention[] = [];
  let interventionId: string | null = null;
  for (const keyName of intervention.targets) {
    const id = input.targetId(keyName);
    if (id === null) continue;
    const key = ledgerKey(name, version, keyName, id);
    if (ledger[key]?.e === input.eventId) continue;
    ledger[key] = { e: input.eventId, t: input.tstamp };
    interventionId ??= input.newId();
    fired.push({
      intervention_id: interventionId,
      name,
      version,
      attributes: payloadAttributes(intervention, after),
      target_attribute_key: { name: keyName, id },
      event_id: input.eventId,
      fired_at: input.tstamp,
    });
  }
  return fired;
}

/** The referenced attributes as Signals sends them: text values, nulls left out. */
function payloadAttributes(intervention: CompiledIntervention, values: ValueLookup): Record<string, string> {
  const out: Record<string, unknown> = {};
  for (const ref of intervention.refs) setOwn(out, ref.payloadName, values(ref.id));
  return toAttributeTexts(out);
}
