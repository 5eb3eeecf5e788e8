import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRefreshTimer } from '../../../src/sync/start-refresh-timer.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startRefreshTimer', () => {
  it('refreshes at once, then every interval', async () => {
    vi.useFakeTimers();
    const refresh = vi.fn(async () => undefined);
    const timer = startRefreshTimer({ intervalMs: 1000, refresh });
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(refresh).toHaveBeenCalledTimes(5);
    timer.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refresh).toHaveBeenCalledTimes(5);
  });

  it('backs off exponentially with jitter after failures, capped, and recovers', async () => {
    vi.useFakeTimers();
    let fail = true;
    const times: number[] = [];
    const refresh = vi.fn(async () => {
      times.push(Date.now());
      if (fail) throw new Error('503');
    });
    const timer = startRefreshTimer({ intervalMs: 1000, refresh, maxBackoffMs: 16_000, random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(100_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // random 0.5 → factor 1: 2 s, 4 s, 8 s, 16 s, then capped at 16 s.
    expect(gaps.slice(0, 6)).toEqual([2000, 4000, 8000, 16_000, 16_000, 16_000]);
    // A kick does not cut the back-off short.
    const before = refresh.mock.calls.length;
    timer.kick();
    await vi.advanceTimersByTimeAsync(10);
    expect(refresh.mock.calls.length).toBe(before);
    fail = false;
    await vi.advanceTimersByTimeAsync(16_000);
    const recovered = times.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(times.length).toBe(recovered + 1);
    timer.stop();
  });

  it('jitter stays within ±50 % of the back-off', async () => {
    vi.useFakeTimers();
    for (const r of [0, 0.999]) {
      const times: number[] = [];
      const timer = startRefreshTimer({ intervalMs: 1000, refresh: async () => { times.push(Date.now()); throw new Error('x'); }, random: () => r });
      await vi.advanceTimersByTimeAsync(0);
      await vi.advanceTimersByTimeAsync(5000);
      const gap = times[1]! - times[0]!;
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThanOrEqual(3000);
      timer.stop();
    }
  });

  it('runs one refresh at a time', async () => {
    vi.useFakeTimers();
    let active = 0;
    let most = 0;
    const timer = startRefreshTimer({
      intervalMs: 10,
      refresh: () => {
        active++;
        most = Math.max(most, active);
        return new Promise((r) => setTimeout(() => { active--; r(); }, 50));
      },
    });
    for (let i = 0; i < 20; i++) {
      timer.kick();
      await vi.advanceTimersByTimeAsync(7);
    }
    expect(most).toBe(1);
    timer.stop();
  });
});
