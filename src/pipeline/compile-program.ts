import type { Definitions } from '../definitions/types.js';
import { compilePlan, type Plan } from '../engine/compile-plan.js';
import { compileIntervention, type CompiledIntervention } from '../rules/compile-intervention.js';

/** A plan with its interventions compiled and indexed by the attributes they read. */
export interface Program {
  plan: Plan;
  interventions: CompiledIntervention[];
  /** Attribute id → the interventions whose criteria read it. */
  byAttribute: Map<string, CompiledIntervention[]>;
}

export function compileProgram(definitions: Definitions): Program {
  const plan = compilePlan(definitions);
  const interventions = definitions.interventions.map((def) => compileIntervention(definitions, def));
  const byAttribute = new Map<string, CompiledIntervention[]>();
  for (const intervention of interventions) {
    for (const ref of intervention.refs) {
      const list = byAttribute.get(ref.id) ?? [];
      list.push(intervention);
      byAttribute.set(ref.id, list);
    }
  }
  return { plan, interventions, byAttribute };
}

/** The compiled intervention of a name and version; undefined when the definitions have none. */
export function findIntervention(program: Program, name: string, version: number): CompiledIntervention | undefined {
  return program.interventions.find((i) => i.def.name === name && i.def.version === version);
}
