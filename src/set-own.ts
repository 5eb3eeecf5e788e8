/**
 * Sets an own, enumerable data property, also for the key `__proto__` (which plain assignment would
 * take for the prototype). Assignment otherwise: `Object.defineProperty` on every key is several times
 * slower.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}
