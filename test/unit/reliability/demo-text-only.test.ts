// @vitest-environment happy-dom
// Intervention payloads and attribute values are shown in the demo as text only (issue 7): names,
// attributes and values full of markup come out as text nodes; no element, attribute handler or
// script is created from them.
import { describe, expect, it } from 'vitest';
import { createAttributesPanel } from '../../../demo/src/create-attributes-panel.js';
import { createExplainView } from '../../../demo/src/create-explain-view.js';
import { renderBanner } from '../../../demo/src/render-banner.js';
import type { AttributeDetails, DeliveredIntervention, InterventionExplanation } from '../../../src/full.js';

const HTML = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold</b>';

/** Every element under `root` (the root included) with its tag and attribute names. */
function elements(root: Element): string[] {
  return [root, ...root.querySelectorAll('*')].map((e) => `${e.tagName.toLowerCase()}[${e.getAttributeNames().sort().join(',')}]`);
}

const hostile = (root: Element) => [...root.querySelectorAll('img, script, b')].length
  + [...root.querySelectorAll('*')].filter((e) => e.getAttributeNames().some((n) => n.startsWith('on'))).length;

describe('the demo shows payloads as text', () => {
  it('a banner of an intervention named and valued with markup', () => {
    const container = document.createElement('div');
    const intervention = {
      intervention_id: 'i1', name: HTML, version: 1, source: 'server',
      attributes: { [HTML]: HTML }, target_attribute_key: { name: 'domain_userid', id: HTML },
    } as unknown as DeliveredIntervention;
    const banner = renderBanner(container, intervention, null);
    expect(hostile(container)).toBe(0);
    expect(banner.textContent).toContain(HTML);
    expect(banner.getAttribute('data-testid')).toBe(`intervention-${HTML}`);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('the attributes panel with markup in names and values', () => {
    const panel = createAttributesPanel(() => undefined);
    const attribute = {
      group: HTML, version: 1, name: HTML, key: { name: 'domain_userid', id: HTML },
      local: HTML, server: { value: [HTML], fetchedAt: 0 }, pending: 1, shown: { [HTML]: HTML },
    } as AttributeDetails;
    panel.update({ attributes: [attribute], online: true, latency: { ms: 1, name: HTML }, now: 0 });
    expect(hostile(panel.element)).toBe(0);
    expect(panel.element.textContent).toContain(HTML);
    expect(elements(panel.element).some((e) => e.startsWith('img') || e.startsWith('script'))).toBe(false);
  });

  it('the explain view with markup in names, descriptions, values and reasons', () => {
    const view = createExplainView();
    const explanation = {
      name: HTML, version: 1, description: HTML, holds: false, fired: [], why: HTML,
      criteria: { op: 'leaf', attribute: `${HTML}:x`, operator: '=', value: HTML, actual: HTML, source: 'edge', holds: false },
    } as unknown as InterventionExplanation;
    view.update([explanation]);
    expect(hostile(view.element)).toBe(0);
    expect(view.element.textContent).toContain(HTML);
  });
});
