import type { Product } from './products.js';

const STORAGE_KEY = 'signals-edge-demo.cart';

export interface CartLine {
  product: Product;
  quantity: number;
}

export interface Cart {
  lines(): CartLine[];
  /** Adds one unit; returns the cart's total after the add. */
  add(product: Product): number;
  total(): number;
  clear(): void;
}

/** The shopper's cart, kept in localStorage (product id → quantity) so a reload keeps it. */
export function createCart(catalog: readonly Product[]): Cart {
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const quantities = readQuantities();

  const save = () => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(quantities)));
    } catch {
      // Storage unavailable (private mode, quota): the cart lives for this page only.
    }
  };
  const lines = (): CartLine[] => [...quantities].flatMap(([id, quantity]) => {
    const product = byId.get(id);
    return product === undefined ? [] : [{ product, quantity }];
  });
  const total = () => lines().reduce((sum, line) => sum + line.product.price * line.quantity, 0);

  return {
    lines,
    total,
    add(product) {
      quantities.set(product.id, (quantities.get(product.id) ?? 0) + 1);
      save();
      return total();
    },
    clear() {
      quantities.clear();
      try {
        localStorage.removeItem(STORAGE_KEY);
      } catch {
        // nothing stored
      }
    },
  };
}

function readQuantities(): Map<string, number> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (stored === null || typeof stored !== 'object') return new Map();
    return new Map(Object.entries(stored).filter((e): e is [string, number] => Number.isInteger(e[1]) && e[1] > 0));
  } catch {
    return new Map();
  }
}
