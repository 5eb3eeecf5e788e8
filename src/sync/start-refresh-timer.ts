import { onWake, retryDelay } from './retry-timing.js';

export interface RefreshTimerOptions {
  intervalMs: number;
  /** One refresh; a rejection counts as a failure and backs off. */
  refresh: () => Promise<void>;
  /** Longest wait after repeated failures (default 5 min). */
  maxBackoffMs?: number;
  random?: () => number;
}

export interface RefreshTimer {
  /** Refreshes soon (the first event of a page view, a reconnect), unless paused. */
  kick(): void;
  stop(): void;
}

/**
 * Refreshes every `intervalMs`; after a failure waits `intervalMs · 2^failures` (±50 % jitter, capped: retryDelay).
 * Paused while the page is hidden or offline; refreshes at once on `online` and on becoming visible.
 * One refresh at a time.
 */
export function startRefreshTimer(options: RefreshTimerOptions): RefreshTimer {
  const random = options.random ?? Math.random;
  const maxBackoff = options.maxBackoffMs ?? 5 * 60_000;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let stopped = false;
  const hasDom = typeof window !== 'undefined' && typeof document !== 'undefined';
  const paused = () => (hasDom && document.visibilityState === 'hidden') || (typeof navigator !== 'undefined' && navigator.onLine === false);

  const schedule = (delay: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = stopped ? null : setTimeout(run, delay);
  };
  const nextDelay = () => (failures === 0 ? options.intervalMs : retryDelay(failures, 2 * options.intervalMs, maxBackoff, random));
  async function run(): Promise<void> {
    timer = null;
    if (stopped || running) return;
    if (paused()) return; // resumed by `online` / `visibilitychange`
    running = true;
    try {
      await options.refresh();
      failures = 0;
    } catch {
      failures = Math.min(failures + 1, 30);
    } finally {
      running = false;
    }
    schedule(nextDelay());
  }
  const resume = () => {
    if (!paused()) schedule(0);
  };
  const stopWaking = onWake(resume);
  schedule(0);
  return {
    kick: () => {
      // A kick does not cut a back-off short.
      if (!running && failures === 0) schedule(0);
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      stopWaking();
    },
  };
}
