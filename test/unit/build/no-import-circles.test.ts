// No module of src/ imports itself through others: imports run one way (type-only imports count too,
// since they tie the files together just the same).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]/g;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file of src/ → the files of src/ it imports. */
function readGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listFiles(SRC)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
    graph.set(file, targets);
  }
  return graph;
}

/** Every import circle, each as the files around it (depth-first search, one report per circle found). */
function findCircles(graph: Map<string, string[]>): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') circles.push(stack.slice(stack.indexOf(next)).map((f) => relative(SRC, f)));
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return circles;
}

describe('imports of src/', () => {
  it('every relative import names a file that exists', () => {
    const graph = readGraph();
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`));
    expect(missing).toEqual([]);
  });

  it('form no circle', () => {
    const graph = readGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(findCircles(graph)).toEqual([]);
  });

  it('run one way between folders (the entry files and helpers at the root aside)', () => {
    const folderOf = (file: string): string | null => {
      const parts = relative(SRC, file).split('/');
      return parts.length > 1 ? parts[0]! : null;
    };
    const folders = new Map<string, string[]>();
    for (const [file, targets] of readGraph()) {
      const from = folderOf(file);
      if (from === null) continue;
      const to = targets.map(folderOf).filter((f): f is string => f !== null && f !== from);
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    expect(folders.size).toBeGreaterThan(10);
    expect(findCircles(folders)).toEqual([]);
  });

  it('the check finds a circle when there is one', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCircles(graph)).toEqual([['a', 'b', 'c'].map((f) => relative(SRC, f))]);
  });
});
