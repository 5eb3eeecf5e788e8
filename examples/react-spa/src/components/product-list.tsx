import { trackAddToCart, trackProductView } from '@snowplow/browser-plugin-snowplow-ecommerce';
import { PRODUCTS, type Product } from '../products.js';

// The ecommerce plugin's functions are only called from click handlers: importing them touches no
// browser API, so the server renders this list too.
function view(product: Product): void {
  trackProductView({ ...product });
}

function addToCart(product: Product): void {
  trackAddToCart({ products: [{ ...product, quantity: 1 }], total_value: product.price, currency: product.currency });
}

/** The catalogue, with a "view" and an "add to cart" button per product. Holds no state of its own. */
export function ProductList() {
  return (
    <ul className="products" data-testid="product-list">
      {PRODUCTS.map((product) => (
        <li key={product.id} data-product={product.id}>
          <strong>{product.name}</strong>
          <p>{product.price.toFixed(2)} {product.currency}</p>
          <button type="button" data-testid={`view-${product.id}`} onClick={() => view(product)}>View</button>{' '}
          <button type="button" data-testid={`add-${product.id}`} onClick={() => addToCart(product)}>Add to cart</button>
        </li>
      ))}
    </ul>
  );
}
