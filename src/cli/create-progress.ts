/** A progress line on a terminal: rewritten in place at most every `intervalMs`, erased at the end. */
export interface Progress {
  /** `lines` read and `events` applied so far. */
  update(lines: number, events: number): void;
  /** Erases the line (before the command prints anything else on the terminal). */
  done(): void;
}

const NONE: Progress = { update: () => undefined, done: () => undefined };

/**
 * Progress for `stream` when it is a terminal (`isTTY`), nothing otherwise: piped or redirected
 * output never carries it.
 */
export function createProgress(stream: NodeJS.WritableStream, label: string, now: () => number = Date.now, intervalMs = 500): Progress {
  if ((stream as { isTTY?: boolean }).isTTY !== true) return NONE;
  const started = now();
  let next = started + intervalMs;
  let shown = false;
  return {
    update(lines, events) {
      const at = now();
      if (at < next) return;
      next = at + intervalMs;
      const perSecond = Math.round(events / Math.max((at - started) / 1000, 1e-3));
      stream.write(`\r\x1b[K${label}: ${lines.toLocaleString('en-US')} lines read, ${perSecond.toLocaleString('en-US')} events/s`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
