/**
 * The server − device clock offset (ms) after one answer with a `Date` header (`serverDate`, whole
 * seconds) to a request sent at `sentAt` and answered at `receivedAt` (device clock). The header is
 * compared with the middle of its second. The offset stays steady: each estimate wobbles by up to a
 * second, and an offset smaller than the one an event was stamped with would put that event in the
 * future (out of every window); so `previous` is kept unless the estimate moved by more than 2 s, and an
 * offset within ±1 s is 0.
 */
export function nextClockOffset(previous: number, serverDate: number, sentAt: number, receivedAt: number): number {
  const offset = serverDate + 500 - (sentAt + receivedAt) / 2;
  if (Math.abs(offset - previous) <= 2000) return previous;
  return Math.abs(offset) <= 1000 ? 0 : Math.round(offset);
}
