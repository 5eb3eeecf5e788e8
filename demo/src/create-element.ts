/** A child of `createElement`: strings become text nodes, never HTML; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/**
 * `document.createElement(tag)` with attributes and children. Text is always inserted as text
 * (`append` of a string makes a Text node), so nothing from a payload is ever parsed as HTML.
 */
export function createElement<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Record<string, string> = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

/** An attribute value as text: strings as they are, everything else as JSON (`null`, `4`, `106.5`, `["a"]`). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? String(value);
}
