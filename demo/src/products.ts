// The storefront's catalog: local data, priced so the Signals tutorial path is natural (four product
// views for the discount, a first add to cart, then a cart past $100 for free shipping). Prices are
// whole or half dollars, so sums are exact in floating point.

export interface Product {
  id: string;
  name: string;
  category: string;
  /** USD */
  price: number;
  description: string;
  /** The swatch colour shown in place of a photo. */
  color: string;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'sku-01', name: 'Canvas Tote Bag', category: 'Bags', price: 25, color: '#d9a441', description: 'Heavy cotton canvas with an inside pocket; carries a week of groceries.' },
  { id: 'sku-02', name: 'Ceramic Pour-Over Set', category: 'Kitchen', price: 32.5, color: '#8c6e5d', description: 'Dripper, carafe and two cups, glazed by hand in matte stone.' },
  { id: 'sku-03', name: 'Merino Beanie', category: 'Apparel', price: 28, color: '#5b7c99', description: 'Rib-knit merino that keeps warm without the itch.' },
  { id: 'sku-04', name: 'Linen Throw Pillow', category: 'Home', price: 36, color: '#c7b8a1', description: 'Washed linen cover with a feather insert, 50 × 50 cm.' },
  { id: 'sku-05', name: 'Bamboo Desk Organizer', category: 'Office', price: 42.5, color: '#a3b86c', description: 'Five compartments for pens, cards and the phone you keep losing.' },
  { id: 'sku-06', name: 'Insulated Water Bottle', category: 'Outdoors', price: 30, color: '#3f8f8a', description: 'Cold for 24 hours, hot for 12; fits a car cup holder.' },
  { id: 'sku-07', name: 'Wireless Earbuds', category: 'Audio', price: 79, color: '#444c5c', description: 'Eight hours of playback and a case that charges them three more times.' },
  { id: 'sku-08', name: 'Leather Card Wallet', category: 'Accessories', price: 45, color: '#9c5b3b', description: 'Vegetable-tanned leather, six cards and a few folded notes.' },
  { id: 'sku-09', name: 'Soy Candle Trio', category: 'Home', price: 38.5, color: '#e0a18b', description: 'Fig, cedar and sea salt; forty hours of burn each.' },
  { id: 'sku-10', name: 'Trail Running Cap', category: 'Outdoors', price: 27.5, color: '#d46a4c', description: 'Featherweight, quick-drying, with a reflective band for dusk runs.' },
  { id: 'sku-11', name: 'Cast Iron Skillet', category: 'Kitchen', price: 64, color: '#2f2f33', description: 'Pre-seasoned 26 cm skillet that goes from hob to oven.' },
  { id: 'sku-12', name: 'Wool Blend Scarf', category: 'Apparel', price: 55, color: '#7a4f7d', description: 'Long, soft and warm, in a herringbone weave.' },
];

/** The product as the Snowplow ecommerce plugin's `product` entity. */
export function toEcommerceProduct(product: Product, quantity?: number) {
  return {
    id: product.id,
    name: product.name,
    category: product.category,
    price: product.price,
    currency: 'USD',
    ...(quantity === undefined ? {} : { quantity }),
  };
}

/** `$32.50` */
export function formatPrice(usd: number): string {
  return `$${usd.toFixed(2)}`;
}
