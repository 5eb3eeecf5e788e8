const LF = 10;
const CR = 13;

/** Splits UTF-8 bytes into lines; see {@link createLineSplitter}. */
export interface LineSplitter {
  /** The lines that `chunk` completes, in order (the bytes after its last line break wait for the next chunk). */
  push(chunk: Buffer): string[];
  /** The last line, when the input does not end with a line break: `[]` or one line. */
  end(): string[];
}

/**
 * A splitter of a byte stream into lines, as `node:readline` with `crlfDelay: Infinity` splits it:
 * breaks are `\n`, `\r\n` (also across chunks) and a lone `\r`; a last line without a break counts,
 * an empty input or a final break adds no empty line. Each chunk is cut after its last line break and
 * decoded as UTF-8 at once, so characters split between chunks stay whole; lines share that text.
 * The chunk may be reused by the caller once `push` returns.
 */
export function createLineSplitter(): LineSplitter {
  /** Bytes of the unfinished line (copies), and their total length. */
  let carry: Buffer[] = [];
  let carryBytes = 0;
  /** The text decoded so far ended with `\r`: a `\n` starting the next text belongs to it. */
  let pendingCr = false;

  /** Appends the lines of `text`, which ends with a line break. */
  const splitText = (text: string, lines: string[]): void => {
    let pos = 0;
    if (pendingCr) {
      pendingCr = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    if (text.indexOf('\r', pos) === -1) {
      for (let nl = text.indexOf('\n', pos); nl !== -1; nl = text.indexOf('\n', pos)) {
        lines.push(text.slice(pos, nl));
        pos = nl + 1;
      }
      return;
    }
    const last = text.length - 1;
    for (let i = pos; i <= last; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      lines.push(text.slice(pos, i));
      if (c === CR) {
        if (i === last) pendingCr = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      pos = i + 1;
    }
  };

  const keep = (bytes: Buffer): void => {
    if (bytes.length === 0) return;
    carry.push(Buffer.from(bytes));
    carryBytes += bytes.length;
  };

  return {
    push(chunk) {
      const end = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR));
      if (end < 0) {
        keep(chunk);
        return [];
      }
      const lines: string[] = [];
      let from = 0;
      if (carryBytes > 0) {
        // The line begun in earlier chunks ends at this chunk's first break: decode it whole.
        const lf = chunk.indexOf(LF);
        const cr = chunk.indexOf(CR);
        const first = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        carry.push(chunk.subarray(0, first + 1));
        splitText(Buffer.concat(carry, carryBytes + first + 1).toString('utf8'), lines);
        carry = [];
        carryBytes = 0;
        from = first + 1;
      }
      if (from <= end) splitText(chunk.toString('utf8', from, end + 1), lines);
      keep(chunk.subarray(end + 1));
      return lines;
    },
    end() {
      if (carryBytes === 0) return [];
      const line = Buffer.concat(carry, carryBytes).toString('utf8');
      carry = [];
      carryBytes = 0;
      return [line];
    },
  };
}
