/** The shop's catalogue: what the product list shows and what the ecommerce events carry. */
export interface Product {
  id: string;
  name: string;
  category: string;
  price: number;
  currency: string;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'trail-shoes', name: 'Trail shoes', category: 'footwear', price: 60, currency: 'USD' },
  { id: 'rain-jacket', name: 'Rain jacket', category: 'clothing', price: 45.5, currency: 'USD' },
  { id: 'wool-socks', name: 'Wool socks', category: 'clothing', price: 12, currency: 'USD' },
  { id: 'day-pack', name: 'Day pack', category: 'bags', price: 38, currency: 'USD' },
  { id: 'water-bottle', name: 'Water bottle', category: 'gear', price: 9.5, currency: 'USD' },
];
