import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLineSplitter } from '../../../src/cli/line-splitter.js';

/** The lines node:readline (crlfDelay: Infinity, as the replay used) reads from `chunks`. */
async function readlineLines(chunks: readonly Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

/** The lines the splitter reads from `chunks`; each chunk is overwritten after `push`, as the file reader reuses its buffer. */
function splitterLines(chunks: readonly Buffer[]): string[] {
  const splitter = createLineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) {
    const copy = Buffer.from(chunk);
    lines.push(...splitter.push(copy));
    copy.fill(0x78);
  }
  lines.push(...splitter.end());
  return lines;
}

/** `bytes` cut at `cuts` (sorted offsets). */
function cutAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return chunks;
}

const TEXTS = [
  '',
  'one line without a break',
  'a\nb\n',
  'a\nb',
  '\n',
  '\n\n\n',
  'a\n\nb\n\n',
  'crlf\r\nlines\r\n',
  'crlf\r\nlast',
  'lone\rreturns\rhere',
  'lone return at the end\r',
  '\r\r\n\r\n\r',
  'mixed\n\rx\r\n\ny\r\rz',
  '{"title":"Café – 日本語 🛒"}\n{"e":"pv"}\r\n',
  '\uFEFF{"bom":1}\nnext',
  '   \n\t\n  x  \n',
];

describe('createLineSplitter', () => {
  it.each(TEXTS.map((t) => [JSON.stringify(t), t]))('reads %s as readline does, however the bytes are cut into two or three chunks', async (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = await readlineLines([bytes]);
    expect(splitterLines([bytes])).toEqual(expected);
    for (let i = 0; i <= bytes.length; i++) {
      expect(splitterLines(cutAt(bytes, [i])), `cut at ${i}`).toEqual(expected);
      for (let j = i; j <= bytes.length; j++) expect(splitterLines(cutAt(bytes, [i, j])), `cut at ${i}, ${j}`).toEqual(expected);
    }
    // One byte per chunk: every multi-byte character and every \r\n is split.
    expect(splitterLines(cutAt(bytes, Array.from({ length: bytes.length }, (_, k) => k)))).toEqual(expected);
  });

  it('keeps characters whole when a chunk ends inside them', () => {
    const bytes = Buffer.from('é🛒\nß', 'utf8');
    expect(splitterLines([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)])).toEqual(['é🛒', 'ß']);
  });

  it('gives lines longer than any chunk whole', () => {
    const long = 'x'.repeat(10_000);
    const bytes = Buffer.from(`${long}\r\n${long}é${long}`, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 97) }, (_, i) => bytes.subarray(i * 97, (i + 1) * 97));
    expect(splitterLines(chunks)).toEqual([long, `${long}é${long}`]);
  });

  it('returns the lines each chunk completes, and the last line only at the end', () => {
    const splitter = createLineSplitter();
    expect(splitter.push(Buffer.from('ab'))).toEqual([]);
    expect(splitter.push(Buffer.from('c\nde\r'))).toEqual(['abc', 'de']);
    expect(splitter.push(Buffer.from('\nf'))).toEqual([]);
    expect(splitter.end()).toEqual(['f']);
    expect(splitter.end()).toEqual([]);
  });

  it('replaces invalid UTF-8 with U+FFFD without losing the line breaks', () => {
    expect(splitterLines([Buffer.from([0x61, 0xff, 0x0a, 0xc3, 0x0a, 0x62])])).toEqual(['a\uFFFD', '\uFFFD', 'b']);
  });
});
