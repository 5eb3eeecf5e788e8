import { parseDefinitions } from '../../src/definitions/parse-definitions.js';
import { createEngine } from '../../src/pipeline/create-engine.js';
import type { Problem } from '../../src/errors.js';
import { createRegistryView } from './create-registry-view.js';
import type { WireBundle } from './create-registry-store.js';
import type { ServerContext } from './server-context.js';

/** Services and interventions a published object's removal can leave dangling are dropped; this bounds the rounds. */
const MAX_ROUNDS = 8;

/**
 * Recomputes what the server runs after a registry write: the live bundle (published objects, and those
 * loaded at start and not written since), parsed, and a new engine over the SAME engine state, so values
 * of unchanged group versions carry on. `ctx.engine`, `ctx.definitions`, `ctx.bundle` (served at
 * `/definitions.json`), `ctx.registry` and the processing stage's engine are replaced. A live service or
 * intervention that no longer resolves (its group unpublished or deleted) is left out of the live bundle,
 * with a log line.
 * @returns null when done, or the problems of the live groups and keys (nothing is changed then).
 */
export function refreshLiveDefinitions(ctx: ServerContext): Problem[] | null {
  const bundle = ctx.store.liveBundle();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = parseDefinitions(bundle, { includeUnpublished: true });
    if (parsed.ok) {
      ctx.definitions = parsed.definitions;
      ctx.bundle = bundle;
      ctx.plan = null;
      ctx.engine = createEngine(parsed.definitions, { state: ctx.engineState });
      ctx.stage.setEngine(ctx.engine);
      ctx.registry = createRegistryView(ctx.store.bundle(), { keys: ctx.store.keyDefs() });
      return null;
    }
    const dropped = dropDangling(bundle, parsed.problems);
    if (dropped.length === 0) return parsed.problems;
    for (const line of dropped) ctx.log(`dev-server: not live: ${line}`);
  }
  return [{ code: 'unresolved', path: '', message: 'the live definitions do not resolve' }];
}

/** Removes the services and interventions some problem points at; returns what was removed. */
function dropDangling(bundle: WireBundle, problems: Problem[]): string[] {
  const dropped: string[] = [];
  for (const collection of ['services', 'interventions'] as const) {
    const bad = new Map<number, string>();
    for (const p of problems) {
      const match = new RegExp(`^${collection}\\[(\\d+)\\]`).exec(p.path);
      if (match !== null && !bad.has(Number(match[1]))) bad.set(Number(match[1]), `${p.path}: ${p.message}`);
    }
    if (bad.size === 0) continue;
    bundle[collection] = bundle[collection].filter((_, i) => !bad.has(i));
    dropped.push(...bad.values());
  }
  return dropped;
}
