import type { ServerContext } from './server-context.js';

/** Who may read a service: `public` services are read without a token, one UUID at a time. */
export type AccessMode = 'authenticated' | 'public';

/**
 * The `access_mode` of the service named `name`, read from the registry's service objects (the
 * bundle's, as written): `"public"` or, when missing, unknown or anything else, `"authenticated"`.
 */
export function readAccessMode(ctx: ServerContext, name: string): AccessMode {
  const service = ctx.registry.services.find((s) => s['name'] === name);
  return service?.['access_mode'] === 'public' ? 'public' : 'authenticated';
}
