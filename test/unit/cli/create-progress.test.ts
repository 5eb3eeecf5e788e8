import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/cli/create-progress.js';

function terminal(isTTY: boolean): Writable & { text: string[]; isTTY: boolean } {
  const text: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _e, done) { text.push(chunk.toString()); done(); } });
  return Object.assign(stream, { text, isTTY });
}

describe('createProgress', () => {
  it('on a terminal: at most one line per interval, rewritten in place, erased at the end', () => {
    let now = 1000;
    const stderr = terminal(true);
    const progress = createProgress(stderr, 'replay', () => now, 500);
    progress.update(10, 10);
    expect(stderr.text).toEqual([]);
    now = 2000;
    progress.update(250_000, 200_000);
    now = 2100;
    progress.update(260_000, 210_000);
    expect(stderr.text).toEqual(['\r\x1b[Kreplay: 250,000 lines read, 200,000 events/s']);
    progress.done();
    expect(stderr.text.at(-1)).toBe('\r\x1b[K');
    progress.done();
    expect(stderr.text).toHaveLength(2);
  });

  it('never when the stream is not a terminal (piped, redirected)', () => {
    let now = 0;
    const stderr = terminal(false);
    const progress = createProgress(stderr, 'replay', () => now, 500);
    for (; now < 5000; now += 600) progress.update(now, now);
    progress.done();
    expect(stderr.text).toEqual([]);
  });
});
