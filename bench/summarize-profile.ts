// Reads a V8 CPU profile (Chrome DevTools Protocol `Profiler.Profile`, the format of `node --cpu-prof`)
// into self time per function and per source module, overall or under one function (e.g. the plugin's
// `afterTrack`), to say where the time goes. Bundles lose file names, so functions are attributed to
// the `src/` file that declares a function of that name, when there is one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The CDP profile shape (only the fields read here). */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Sampled time in scope, ms. */
  total_ms: number;
  /** The heaviest functions by self time: `name (module)` → ms and share of `total_ms`. */
  functions: { name: string; self_ms: number; share: number }[];
  /** Self time per module. */
  modules: { module: string; self_ms: number; share: number }[];
}

export interface SummaryOptions {
  /** Only time spent inside calls of the function of this name (outermost calls). */
  under?: string;
  /** Function name → declaring source file (see indexSourceFunctions). */
  names?: ReadonlyMap<string, string>;
  top?: number;
}

/** Self time per function and per module of `profile`, heaviest first (`top` of each). */
export function summarizeProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const top = options.top ?? 15;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const next = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, next));
  }
  // The nodes in scope: everything, or the subtrees of the outermost calls of `under`.
  const inScope = new Set<number>();
  const root = profile.nodes[0];
  const visit = (id: number, inside: boolean) => {
    const node = nodes.get(id);
    if (node === undefined) return;
    const now = inside || options.under === undefined || node.callFrame.functionName === options.under;
    if (now) inScope.add(id);
    for (const child of node.children ?? []) visit(child, now);
  };
  if (root !== undefined) visit(root.id, false);

  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  for (const id of inScope) {
    const node = nodes.get(id)!;
    const us = selfUs.get(id) ?? 0;
    if (us === 0) continue;
    total += us;
    const module = findModule(node.callFrame, options.names);
    const name = `${node.callFrame.functionName || '(anonymous)'} (${module})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
  }
  const rank = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  const share = (us: number) => (total === 0 ? 0 : Math.round((us / total) * 1000) / 1000);
  return {
    total_ms: Math.round(total / 100) / 10,
    functions: rank(byFunction).map(([name, us]) => ({ name, self_ms: Math.round(us / 100) / 10, share: share(us) })),
    modules: rank(byModule).map(([module, us]) => ({ module, self_ms: Math.round(us / 100) / 10, share: share(us) })),
  };
}

/**
 * Maps each function or constant name declared in `src/` (3 characters or more) to the file declaring
 * it, or `a.ts or b.ts` when several do.
 */
export function indexSourceFunctions(root: string): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/(?:function\*?\s+|const\s+)([A-Za-z_$][\w$]{2,})/g)) {
          const file = relative(root, path);
          const known = names.get(m[1]!);
          if (known === undefined) names.set(m[1]!, file);
          else if (!known.split(' or ').includes(file)) names.set(m[1]!, `${known} or ${file}`);
        }
      }
    }
  };
  walk(join(root, 'src'));
  return names;
}

function findModule(frame: CallFrame, names: ReadonlyMap<string, string> | undefined): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const path = frame.url.replace(/^file:\/\//, '');
  const at = path.search(/\/(src|bench|node_modules|test)\//);
  if (at >= 0) return path.slice(at + 1);
  // An unminified page bundle: the src/ file declaring a function of that name, else the bundle.
  if (path.endsWith('.iife.js')) return path.replace(/^https?:\/\/[^/]+\//, '');
  const declared = names?.get(frame.functionName.replace(/\$\d+$/, ''));
  if (declared !== undefined) return declared;
  return path.replace(/^https?:\/\/[^/]+\//, '');
}
