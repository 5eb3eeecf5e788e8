/**
 * The one retry timing of the server refresh and the interventions stream: the wait after `failures`
 * failures in a row is `firstMs · 2^(failures − 1)`, ±50 % jitter from `random` (uniform in [0, 1)),
 * never over `maxMs`.
 */
export function retryDelay(failures: number, firstMs: number, maxMs: number, random: () => number): number {
  return Math.min(maxMs, firstMs * 2 ** (Math.max(failures, 1) - 1) * (0.5 + random()));
}

/**
 * Calls `wake` when the device comes back online and when the page becomes visible, the moments a
 * waiting retry should not wait longer; returns the function that stops listening.
 */
export function onWake(wake: () => void): () => void {
  const win = typeof window !== 'undefined' && typeof window.addEventListener === 'function' ? window : null;
  const doc = typeof document !== 'undefined' && typeof document.addEventListener === 'function' ? document : null;
  win?.addEventListener('online', wake);
  doc?.addEventListener('visibilitychange', wake);
  return () => {
    win?.removeEventListener('online', wake);
    doc?.removeEventListener('visibilitychange', wake);
  };
}
