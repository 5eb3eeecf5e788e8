import type { AttributeDetails } from 'signals-edge/explain';
import { createElement, formatValue } from './create-element.js';
import { formatMs } from './render-banner.js';

export interface PanelState {
  attributes: AttributeDetails[];
  online: boolean;
  /** The last event → intervention latency measured on this page. */
  latency: { ms: number; name: string } | null;
  /** Epoch ms, for the age of the server's values. */
  now: number;
}

export interface AttributesPanel {
  element: HTMLElement;
  update(state: PanelState): void;
}

/**
 * The attributes panel (`[data-testid=attributes-panel]`): one row per attribute whose
 * `[data-attribute=<name>]` cell holds the value shown, beside the local value, the server's value and
 * its age and the pending events; the online state, the last event → intervention latency, and a
 * "Reset user" button calling `onReset`.
 */
export function createAttributesPanel(onReset: () => void): AttributesPanel {
  const connection = createElement('span', { class: 'connection', 'data-testid': 'connection' });
  const user = createElement('code', { 'data-testid': 'user-id' });
  const rows = createElement('tbody');
  const latency = createElement('span', { 'data-testid': 'latency' }, 'no intervention yet');
  const reset = createElement('button', { type: 'button', class: 'reset', 'data-testid': 'reset-user' }, 'Reset user');
  reset.addEventListener('click', () => {
    reset.disabled = true;
    onReset();
  });

  const element = createElement(
    'section',
    { class: 'panel', 'data-testid': 'attributes-panel', 'aria-label': 'Signals attributes' },
    createElement('h2', {}, 'Attributes'),
    createElement('p', { class: 'panel-status' }, connection, ' · domain_userid ', user),
    createElement(
      'table',
      { class: 'attributes' },
      createElement('thead', {}, createElement(
        'tr', {},
        ...['attribute', 'shown', 'local', 'server', 'server age', 'pending'].map((h) => createElement('th', { scope: 'col' }, h)),
      )),
      rows,
    ),
    createElement('p', { class: 'panel-latency' }, 'Last event → intervention: ', latency),
    reset,
  );

  let lastRows = '';
  return {
    element,
    update(state) {
      connection.textContent = state.online ? 'online' : 'offline';
      connection.className = `connection ${state.online ? 'is-online' : 'is-offline'}`;
      const id = state.attributes.find((a) => a.key.name === 'domain_userid')?.key.id ?? null;
      user.textContent = id === null ? 'unknown' : `${id.slice(0, 8)}…`;
      user.title = id ?? '';
      user.setAttribute('data-user-id', id ?? '');
      if (state.latency !== null) latency.textContent = `${formatMs(state.latency.ms)} (${state.latency.name})`;

      const cells = state.attributes.map((a) => [
        a.name,
        formatValue(a.shown),
        formatValue(a.local),
        a.server === null ? '–' : formatValue(a.server.value),
        a.server === null ? '–' : formatAge(state.now - a.server.fetchedAt),
        String(a.pending),
      ]);
      const key = JSON.stringify(cells);
      if (key === lastRows) return;
      lastRows = key;
      rows.replaceChildren(...cells.map(([name, shown, local, server, age, pending]) => createElement(
        'tr', {},
        createElement('th', { scope: 'row' }, ...breakAtUnderscores(String(name ?? ''))),
        createElement('td', { class: 'shown', 'data-attribute': name ?? '' }, shown),
        createElement('td', { 'data-testid': `local-${name}` }, local),
        createElement('td', { 'data-testid': `server-${name}` }, server),
        createElement('td', { 'data-testid': `server-age-${name}` }, age),
        createElement('td', { 'data-testid': `pending-${name}` }, pending),
      )));
    },
  };
}

/** `just now`, `12 s ago`, `3 min ago` */
function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) return 'just now';
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

/** `count_product_views` with a line-break opportunity after each `_` (narrow panels wrap there, not mid-word). */
function breakAtUnderscores(name: string): (string | HTMLElement)[] {
  return name.split(/(?<=_)/).flatMap((part, i) => (i === 0 ? [part] : [createElement('wbr'), part]));
}
