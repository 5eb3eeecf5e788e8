// The package, the README and docs/ cite only documents a user can open: no design notes kept outside
// the repository, no bare section marks of them, no temporary paths. Every link to docs/*.md names a file
// that exists and, with an anchor, a heading of that file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DOCS = join(ROOT, 'docs');

/** Citations of documents outside the repository (and `§` section marks, which only they used). */
const OUTSIDE = /design\.md|signals-model\.md|reconcile\.md|tracker-events\.md|\bspec §|design decision \d|\/tmp\/|§/;

/** `[text](target)` in Markdown; the target ends at a space (a title may follow) or `)`. */
const MARKDOWN_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
/** A path to a docs page written out (`docs/semantics.md#aggregations`), relative to the repository root. */
const DOCS_PATH = /(?<![\w./-])docs\/[\w.-]+\.md(?:#[\w-]+)?/g;

interface TextFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the repository root, for messages. */
  name: string;
  lines: string[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}

/** Every text file of src/ and docs/, and README.md (binary files such as images are left out). */
function readTextFiles(): TextFile[] {
  const paths = [...listFiles(join(ROOT, 'src')), ...listFiles(DOCS), join(ROOT, 'README.md')];
  return paths.flatMap((path) => {
    const bytes = readFileSync(path);
    if (bytes.includes(0)) return [];
    return [{ path, name: relative(ROOT, path), lines: bytes.toString('utf8').split(/\r?\n/) }];
  });
}

/** A heading's anchor as GitHub makes it: lower case, punctuation other than `-` and `_` dropped, spaces → `-`. */
function slugOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (outside code blocks); a repeated one gets `-1`, `-2`, …. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker[0]!;
      else if (marker[0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const slug = slugOf(heading[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Every link to a Markdown file under docs/ in one file: `[from, absolute target, anchor or null]`. */
function docsLinks(file: TextFile): [string, string, string | null][] {
  const links: [string, string, string | null][] = [];
  const add = (lineNo: number, base: string, target: string): void => {
    const hash = target.indexOf('#');
    const pathPart = hash < 0 ? target : target.slice(0, hash);
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const absolute = pathPart === '' ? file.path : resolve(base, decodeURIComponent(pathPart));
    const inDocs = relative(DOCS, absolute);
    if (!absolute.endsWith('.md') || inDocs.startsWith('..') || inDocs === '') return;
    links.push([`${file.name}:${lineNo} → ${target}`, absolute, anchor]);
  };
  file.lines.forEach((line, i) => {
    if (file.path.endsWith('.md')) {
      for (const [, target] of line.matchAll(MARKDOWN_LINK)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target!) || target!.startsWith('/')) continue;
        add(i + 1, dirname(file.path), target!);
      }
    }
    for (const [text] of line.matchAll(DOCS_PATH)) add(i + 1, ROOT, text);
  });
  return links;
}

describe('citations in src/, docs/ and README.md', () => {
  it('name no document outside the repository', () => {
    const found = readTextFiles().flatMap((file) =>
      file.lines.flatMap((line, i) => (OUTSIDE.test(line) ? [`${file.name}:${i + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });

  it('link to docs pages that exist, and to headings those pages have', () => {
    const files = readTextFiles();
    const anchors = new Map<string, Set<string> | null>();
    const anchorsAt = (path: string): Set<string> | null => {
      if (!anchors.has(path)) {
        let text: string | null;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          text = null;
        }
        anchors.set(path, text === null ? null : anchorsOf(text));
      }
      return anchors.get(path)!;
    };
    const links = files.flatMap(docsLinks);
    expect(links.length).toBeGreaterThan(20);
    const broken = links.flatMap(([from, path, anchor]) => {
      const known = anchorsAt(path);
      if (known === null) return [`${from}: no such file`];
      if (anchor !== null && !known.has(anchor)) return [`${from}: no heading with this anchor`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it('slug headings as GitHub does', () => {
    expect(slugOf('Windows and TTL')).toBe('windows-and-ttl');
    expect(slugOf('`date_part`')).toBe('date_part');
    expect(slugOf('Groups, services and interventions')).toBe('groups-services-and-interventions');
    expect(slugOf('Opt-in parts')).toBe('opt-in-parts');
    expect([...anchorsOf('# A\n## Notes\n```\n# not a heading\n```\n### Notes\n')]).toEqual(['a', 'notes', 'notes-1']);
  });
});
