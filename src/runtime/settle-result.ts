/**
 * Calls `onAccept` once for a plain value or a thenable that resolves, `onError` once for one that
 * rejects or whose `then` throws. A native promise settles later; anything else at once.
 */
export function settle(result: unknown, onAccept: () => void, onError: (error: unknown) => void): void {
  let then: unknown;
  try {
    then = (typeof result === 'object' && result !== null) || typeof result === 'function'
      ? (result as { then?: unknown }).then
      : undefined;
  } catch (error) {
    onError(error);
    return;
  }
  if (typeof then !== 'function') {
    onAccept();
    return;
  }
  let done = false;
  try {
    then.call(
      result,
      () => {
        if (done) return;
        done = true;
        onAccept();
      },
      (error: unknown) => {
        if (done) return;
        done = true;
        onError(error);
      },
    );
  } catch (error) {
    if (done) return;
    done = true;
    onError(error);
  }
}
