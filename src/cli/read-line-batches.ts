import { close, open, readSync } from 'node:fs';
import { createLineSplitter } from './line-splitter.js';

/** Bytes per read: the decoded text of a chunk stays below V8's large-object size (~128 kB). */
const CHUNK_BYTES = 64 * 1024;

/**
 * The lines of the file at `path`, one batch per chunk read, in order (see {@link createLineSplitter}
 * for what a line is). One buffer is reused, so memory stays at a chunk plus the longest line. Chunks
 * are read synchronously: the caller has nothing else to do meanwhile, and a thread-pool read costs
 * several times more (a hop to another thread per chunk, on a busy machine a wait for it to run).
 * The file is closed at the end, on an error and when the caller stops early. Rejects with the `fs`
 * error when it cannot be opened or read.
 */
export async function* readFileLineBatches(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string[]> {
  const fd = await new Promise<number>((resolve, reject) => open(path, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
  try {
    const splitter = createLineSplitter();
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      const lines = splitter.push(buffer.subarray(0, bytesRead));
      if (lines.length > 0) yield lines;
    }
    const last = splitter.end();
    if (last.length > 0) yield last;
  } finally {
    await new Promise<void>((resolve) => close(fd, () => resolve()));
  }
}

/** The lines of a byte stream (stdin), one batch per chunk, in order; string chunks are taken as UTF-8. */
export async function* readStreamLineBatches(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const splitter = createLineSplitter();
  for await (const chunk of stream) {
    const lines = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
