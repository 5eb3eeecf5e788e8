import type { ExplainedNode, InterventionExplanation, ValueSource } from 'signals-edge/explain';
import { createElement, formatValue } from './create-element.js';

const SOURCES: Record<ValueSource, string> = {
  edge: 'computed in this browser',
  server: 'from Signals',
  'edge+server': "Signals' value + this browser's pending events",
};

export interface ExplainView {
  element: HTMLElement;
  update(explanations: InterventionExplanation[]): void;
}

/**
 * "Why did / didn't this fire?" (`[data-testid=explain-view]`): for each intervention
 * (`[data-testid=explain-<name>]`, `data-fired`, `data-holds`), when and for whom it fired or the reason
 * it has not, and its criteria tree with every value read and where it came from.
 */
export function createExplainView(): ExplainView {
  const list = createElement('div', { class: 'explain-list' });
  const element = createElement(
    'section',
    { class: 'panel explain', 'data-testid': 'explain-view', 'aria-label': 'Why did or didn’t it fire?' },
    createElement('h2', {}, 'Why did / didn’t it fire?'),
    list,
  );
  let last = '';
  return {
    element,
    update(explanations) {
      const key = JSON.stringify(explanations);
      if (key === last) return;
      last = key;
      list.replaceChildren(...explanations.map(renderExplanation));
    },
  };
}

function renderExplanation(explanation: InterventionExplanation): HTMLElement {
  const fired = explanation.fired[0];
  const status = fired === undefined
    ? createElement('span', { class: 'badge badge-waiting' }, 'not fired')
    : createElement('span', { class: 'badge badge-fired' }, 'fired');
  const reason = fired === undefined
    ? `Not fired: ${explanation.why}.`
    : `Fired at ${new Date(fired.at).toLocaleTimeString()} for ${fired.target.name} ${fired.target.id} (event ${fired.event_id.slice(0, 8)}…).`;
  return createElement(
    'article',
    {
      class: 'explanation',
      'data-testid': `explain-${explanation.name}`,
      'data-fired': String(fired !== undefined),
      'data-holds': String(explanation.holds),
    },
    createElement('h3', {}, `${explanation.name} v${explanation.version} `, status),
    explanation.description === null ? null : createElement('p', { class: 'description' }, explanation.description),
    createElement('p', { class: 'why', 'data-testid': `why-${explanation.name}` }, reason),
    createElement('ul', { class: 'criteria' }, renderNode(explanation.criteria)),
  );
}

function renderNode(node: ExplainedNode): HTMLElement {
  const mark = node.holds ? '✓' : '✗';
  const cls = `criterion ${node.holds ? 'holds' : 'fails'}`;
  if (node.op !== 'leaf') {
    const label = node.op === 'all' ? 'all of' : node.op === 'any' ? 'any of' : 'none of';
    return createElement(
      'li', { class: cls },
      createElement('span', { class: 'mark' }, mark), ` ${label}:`,
      createElement('ul', {}, ...node.children.map(renderNode)),
    );
  }
  const wanted = node.value === null ? node.operator : `${node.operator} ${formatValue(node.value)}`;
  const read = node.source === null
    ? 'does not resolve'
    : `is ${formatValue(node.actual)}, ${SOURCES[node.source]}`;
  return createElement(
    'li', { class: cls },
    createElement('span', { class: 'mark' }, mark), ' ',
    createElement('code', {}, `${node.attribute} ${wanted}`),
    createElement('span', { class: 'read' }, ` — ${read}`),
  );
}
