import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileLineBatches, readStreamLineBatches } from '../../../src/cli/read-line-batches.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-lines-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function collect(batches: AsyncIterable<string[]>): Promise<{ lines: string[]; batches: number }> {
  const lines: string[] = [];
  let count = 0;
  for await (const batch of batches) {
    expect(batch.length).toBeGreaterThan(0);
    lines.push(...batch);
    count++;
  }
  return { lines, batches: count };
}

const LINES = ['{"page":"Café"}', '', 'tab\tseparated', '🛒'.repeat(40), 'x'.repeat(300), 'last'];

describe('readFileLineBatches', () => {
  it('reads every line of a file in order, whatever the chunk size and line breaks', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const file = join(dir, `lines-${eol.length}-${eol.charCodeAt(0)}.txt`);
      writeFileSync(file, LINES.join(eol));
      for (const chunkBytes of [1, 2, 3, 7, 64, 65_536]) {
        const { lines } = await collect(readFileLineBatches(file, chunkBytes));
        expect(lines, `eol ${JSON.stringify(eol)}, chunks of ${chunkBytes}`).toEqual(LINES);
      }
    }
  });

  it('yields one batch per chunk that completes lines', async () => {
    const file = join(dir, 'batches.txt');
    writeFileSync(file, 'aaaa\nbbbb\ncccc\n');
    expect(await collect(readFileLineBatches(file, 5))).toEqual({ lines: ['aaaa', 'bbbb', 'cccc'], batches: 3 });
    expect(await collect(readFileLineBatches(file))).toEqual({ lines: ['aaaa', 'bbbb', 'cccc'], batches: 1 });
  });

  it('gives nothing for an empty file', async () => {
    const file = join(dir, 'empty.txt');
    writeFileSync(file, '');
    expect(await collect(readFileLineBatches(file))).toEqual({ lines: [], batches: 0 });
  });

  it('rejects with the fs error for a missing file or a directory', async () => {
    await expect(collect(readFileLineBatches(join(dir, 'missing.txt')))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(collect(readFileLineBatches(dir))).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('can be stopped early', async () => {
    const file = join(dir, 'early.txt');
    writeFileSync(file, 'a\nb\nc\n');
    for await (const batch of readFileLineBatches(file, 2)) {
      expect(batch).toEqual(['a']);
      break;
    }
  });
});

describe('readStreamLineBatches', () => {
  it('reads Buffer and string chunks as UTF-8 lines', async () => {
    const bytes = Buffer.from(LINES.join('\r\n'), 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 5) chunks.push(bytes.subarray(i, i + 5));
    expect((await collect(readStreamLineBatches(Readable.from(chunks)))).lines).toEqual(LINES);
    expect((await collect(readStreamLineBatches(Readable.from(['a\nb', 'é\n', 'c'], { objectMode: true })))).lines).toEqual(['a', 'bé', 'c']);
  });

  it('passes a stream error on', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(collect(readStreamLineBatches(failing))).rejects.toThrow('disk on fire');
  });
});
