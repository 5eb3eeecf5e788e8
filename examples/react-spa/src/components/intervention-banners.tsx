import type { ReactNode } from 'react';
import { markInterventionHandled, useIntervention } from 'signals-edge/react';

interface BannerProps {
  /** The intervention's name in the Signals definitions. */
  name: string;
  children: ReactNode;
}

/**
 * Shows `children` while intervention `name` is delivered and not handled; the dismiss button marks it
 * handled, which hides it in every component that shows it. Renders nothing on the server.
 */
function InterventionBanner({ name, children }: BannerProps) {
  const intervention = useIntervention(name);
  if (intervention === null) return null;
  return (
    <aside className="banner" role="status" data-testid={`intervention-${name}`} data-intervention-id={intervention.intervention_id}>
      {children}{' '}
      <button type="button" data-testid={`dismiss-${name}`} onClick={() => markInterventionHandled(intervention)}>Dismiss</button>
    </aside>
  );
}

/** `discount`: more than 3 product views. */
export function DiscountBanner() {
  return <InterventionBanner name="discount">Still looking? Take 10% off your first order.</InterventionBanner>;
}

/** `cart_abandonment`: at least one add to cart. */
export function CartAbandonmentBanner() {
  return <InterventionBanner name="cart_abandonment">Your cart is waiting for you.</InterventionBanner>;
}

/** `free_shipping`: more than 100 added to the cart. */
export function FreeShippingBanner() {
  return <InterventionBanner name="free_shipping">Your cart ships free.</InterventionBanner>;
}
