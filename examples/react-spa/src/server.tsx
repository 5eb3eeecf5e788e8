// The server entry, for Node: nothing here (nor in what it imports) reads window or document, on import
// or while rendering. `vite build --ssr src/server.tsx` bundles it with React.
import { renderToString } from 'react-dom/server';
import type { SignalsBootstrap } from 'signals-edge';
import { Root } from './app.js';

/**
 * The app's markup. With a bootstrap (what `readBootstrap` read from Signals for the visitor), the
 * panels show its values and the status `loading`; without, no values.
 */
export function render(bootstrap?: SignalsBootstrap): string {
  return renderToString(<Root bootstrap={bootstrap} />);
}

/** JSON safe inside an inline script (no `</script>`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The built index.html (`template`) with the app's markup in #root and the bootstrap handed to the
 * browser entry as `window.__SIGNALS_BOOTSTRAP__`, before any module script runs.
 */
export function renderPage(template: string, bootstrap?: SignalsBootstrap): string {
  const root = '<div id="root"></div>';
  if (!template.includes(root)) throw new Error(`the template has no ${root}`);
  if (!template.includes('<script type="module"')) throw new Error('the template has no module script');
  const handOver = bootstrap === undefined ? '' : `<script>window.__SIGNALS_BOOTSTRAP__ = ${scriptJson(bootstrap)};</script>\n`;
  const withScript = template.replace(/<script type="module"/, (tag) => `${handOver}${tag}`);
  return withScript.replace(root, () => `<div id="root">${render(bootstrap)}</div>`);
}
