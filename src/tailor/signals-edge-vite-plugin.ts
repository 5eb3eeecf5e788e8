import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { SignalsEdgeError } from '../errors.js';
import type { SignalsEdgePlan } from '../plan/plan-format.js';
import { packageDir } from './package-dir.js';
import { readPlanUsage, type PlanUsage } from './plan-usage.js';
import { readPlanFile } from './read-plan-file.js';
import { tailoredModules } from './tailored-modules.js';

/** The module an app imports its compiled plan from: `import plan from 'virtual:signals-edge-plan'`. */
export const PLAN_MODULE_ID = 'virtual:signals-edge-plan';
const RESOLVED_PLAN_ID = `\0${PLAN_MODULE_ID}`;

export interface SignalsEdgeViteOptions {
  /** A definitions bundle (from `signals-edge pull`) or a plan, as a JSON file; relative to Vite's root. */
  definitions: string;
  /** With a bundle: also compile its unpublished items. Default false. */
  includeUnpublished?: boolean | undefined;
}

/** What the plugin learnt from the definitions file, for the build and the tests. */
export interface TailoredBuild {
  plan: SignalsEdgePlan;
  usage: PlanUsage;
}

/**
 * The Vite plugin of signals-edge: compiles the app's definitions when the build starts (a bad file
 * fails the build, every problem named by its JSON path), serves the plan as
 * `virtual:signals-edge-plan`, and swaps the engine's aggregation and LIKE/RLIKE modules for ones
 * holding only what the plan uses, so the production bundle leaves the rest out. The dev server's
 * prebundled copy of signals-edge keeps everything; a change to the file reloads the page.
 */
export function signalsEdge(options: SignalsEdgeViteOptions): Plugin & { tailored(): TailoredBuild } {
  if (typeof options?.definitions !== 'string' || options.definitions === '') {
    throw new SignalsEdgeError('signalsEdge({ definitions }): give the path of a definitions bundle or a plan (JSON)');
  }
  const dist = `${join(packageDir().dir, 'dist')}/`;
  let file = resolve(options.definitions);
  let build: TailoredBuild | null = null;
  let modules = new Map<string, string>();

  const current = (): TailoredBuild => {
    if (build === null) throw new SignalsEdgeError('signalsEdge: the build has not started');
    return build;
  };
  const compile = async () => {
    const { plan, warnings } = await readPlanFile(file, { includeUnpublished: options.includeUnpublished });
    build = { plan, usage: readPlanUsage(plan.definitions) };
    modules = new Map([...tailoredModules(build.usage, dist)].map(([path, code]) => [`${dist}${path}`, code]));
    return warnings;
  };

  return {
    name: 'signals-edge',
    enforce: 'pre',
    tailored: current,
    configResolved(config) {
      file = resolve(config.root, options.definitions);
    },
    async buildStart() {
      this.addWatchFile(file);
      let warnings;
      try {
        warnings = await compile();
      } catch (error) {
        this.error(error instanceof SignalsEdgeError ? error.message : (error as Error));
      }
      for (const w of warnings) this.warn(`${file}: ${w.path || '(root)'}: ${w.message}`);
    },
    resolveId(id) {
      return id === PLAN_MODULE_ID ? RESOLVED_PLAN_ID : null;
    },
    load(id) {
      if (id === RESOLVED_PLAN_ID) return `export default ${JSON.stringify(current().plan)};\n`;
      return modules.get(id.replace(/[?#].*$/, '').replace(/\.[cm]?[jt]s$/, '')) ?? null;
    },
    async handleHotUpdate({ file: changed, server }) {
      if (resolve(changed) !== file) return undefined;
      await compile();
      const module = server.moduleGraph.getModuleById(RESOLVED_PLAN_ID);
      if (module !== undefined) server.moduleGraph.invalidateModule(module);
      server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}
