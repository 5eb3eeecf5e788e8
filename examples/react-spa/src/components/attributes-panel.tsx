import { useAttributes } from 'signals-edge/react';

const NAMES = ['count_product_views', 'count_add_to_cart', 'total_cart_value'] as const;

/** How a value shows: a dash for none (a sum over no events is null). */
export function display(value: unknown): string {
  return value === null || value === undefined ? '–' : String(value);
}

/**
 * Every attribute of the tutorial and the status of the store: `loading` (the server's values, if the
 * page was given any, or none), then `ready` once the stored state is loaded.
 */
export function AttributesPanel() {
  const { status, values } = useAttributes();
  return (
    <section data-testid="attributes-panel">
      <h2>Attributes <small data-testid="status">{status}</small></h2>
      <dl>
        {NAMES.map((name) => (
          <div key={name} style={{ display: 'contents' }}>
            <dt>{name}</dt>
            <dd data-attribute={name}>{display(values[name])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
