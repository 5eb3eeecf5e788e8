/** `T` with its optional keys also accepting `undefined` and `null`. */
export type Nullish<T> = {
  [K in keyof T]: T[K] | ({} extends Pick<T, K> ? undefined | null : never);
};

/** Returns a copy of `source` without the keys whose value is `undefined` or `null`, key order kept. */
export function omitNullish<T extends object>(source: Nullish<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out as T;
}
