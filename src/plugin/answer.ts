/**
 * The `callback` an answering API function takes in its one object argument: called once, with the
 * value the returned promise resolves to, or with `(undefined, error)` when it rejects. sp.js drops
 * what a command returns, so on a script-tag page this is how a command answers.
 */
export type AnswerCallback<T> = (value: T | undefined, error?: unknown) => void;

/** The option that carries an {@link AnswerCallback}. */
export interface WithCallback<T> {
  callback?: AnswerCallback<T>;
}

/** Hands `result` to `options.callback` when there is one, and returns `result` either way. */
export function answer<T>(options: unknown, result: Promise<T>): Promise<T> {
  const callback = options !== null && typeof options === 'object' ? (options as WithCallback<T>).callback : undefined;
  if (typeof callback !== 'function') return result;
  // With a rejection handler here, an sp.js command that fails (its promise dropped) is no unhandled rejection.
  result.then((value) => call(callback, value), (error: unknown) => call(callback, undefined, error));
  return result;
}

function call<T>(callback: AnswerCallback<T>, value: T | undefined, error?: unknown): void {
  try {
    if (error === undefined) callback(value);
    else callback(value, error);
  } catch (thrown) {
    console.error('signals-edge: a callback threw', thrown);
  }
}
