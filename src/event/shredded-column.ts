import { snakeCase } from './column-name.js';

/** A (vendor, name) pair that may appear as an Analytics SDK column, e.g. from the definitions. */
export interface SchemaHint {
  readonly vendor: string;
  readonly name: string;
}

/** An Analytics SDK column `unstruct_event_<v>_<n>_<major>` / `contexts_…` / `derived_contexts_…`, split. */
export interface ShreddedColumn {
  readonly kind: 'unstruct' | 'contexts' | 'derived_contexts';
  /** `<vendor with . and - → _, lower-cased>_<snake_case name>`, e.g. `com_snowplowanalytics_snowplow_web_page`. */
  readonly body: string;
  readonly major: number;
}

/** Vendor and name recovered from a column body; `known` is false for the last-resort split. */
export interface ResolvedSchema {
  readonly vendor: string;
  readonly name: string;
  readonly known: boolean;
}

const PREFIXES: readonly (readonly [string, ShreddedColumn['kind']])[] = [
  ['unstruct_event_', 'unstruct'],
  ['derived_contexts_', 'derived_contexts'],
  ['contexts_', 'contexts'],
];

/** Splits an Analytics SDK column name; null when `key` is not one. */
export function parseShreddedColumn(key: string): ShreddedColumn | null {
  for (const [prefix, kind] of PREFIXES) {
    if (!key.startsWith(prefix)) continue;
    const cut = key.lastIndexOf('_');
    if (cut <= prefix.length) return null;
    const digits = key.slice(cut + 1);
    if (digits === '' || !isDigits(digits)) return null;
    return { kind, body: key.slice(prefix.length, cut), major: Number(digits) };
  }
  return null;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `<vendor, . and - → _, lower-cased>_<snake_case name>`: the middle of a warehouse column name. */
export function toColumnBody(vendor: string, name: string): string {
  return `${vendor.replaceAll('.', '_').replaceAll('-', '_').toLowerCase()}_${snakeCase(name)}`;
}

/** Well-known schemas whose column body is ambiguous or whose vendor is not in {@link KNOWN_VENDORS}. */
const KNOWN_SCHEMAS: readonly SchemaHint[] = [
  ...['web_page', 'client_session', 'browser_context', 'application', 'ua_parser_context', 'link_click',
    'submit_form', 'change_form', 'focus_form', 'site_search', 'social_interaction', 'add_to_cart',
    'remove_from_cart', 'timing', 'mobile_context', 'geolocation_context', 'desktop_context',
    'screen_view', 'application_error', 'ad_impression', 'ad_click', 'ad_conversion',
    'media_player', 'media_player_event', 'consent_preferences', 'consent_document', 'cross_navigation',
    'page_view', 'page_ping', 'transaction', 'transaction_item', 'gdpr']
    .map((name) => ({ vendor: 'com.snowplowanalytics.snowplow', name })),
  ...['snowplow_ecommerce_action', 'product', 'cart', 'transaction', 'checkout_step', 'promotion', 'refund',
    'transaction_error', 'page', 'user']
    .map((name) => ({ vendor: 'com.snowplowanalytics.snowplow.ecommerce', name })),
  ...['intervention_receive', 'intervention_handle', 'intervention_handle_error', 'intervention_dispatch',
    'intervention_instance']
    .map((name) => ({ vendor: 'com.snowplowanalytics.signals', name })),
  { vendor: 'nl.basjes', name: 'yauaa_context' },
  { vendor: 'com.iab.snowplow', name: 'spiders_and_robots' },
  { vendor: 'org.w3', name: 'PerformanceTiming' },
  { vendor: 'com.google.analytics', name: 'event' },
];

/** Vendors tried as column prefixes, longest first, after the known schemas and hints. */
const KNOWN_VENDORS: readonly (readonly [prefix: string, vendor: string])[] = [
  'com.snowplowanalytics.snowplow.ecommerce', 'com.snowplowanalytics.snowplow.media', 'com.snowplowanalytics.signals',
  'com.snowplowanalytics.mobile', 'com.snowplowanalytics.snowplow', 'com.google.analytics.enhanced-ecommerce',
  'com.google.analytics.measurement-protocol', 'com.google.analytics', 'com.iab.snowplow', 'nl.basjes', 'org.w3',
  'org.ietf', 'org.whatwg', 'com.youtube',
].map((vendor): [string, string] => [`${toColumnBody(vendor, '')}`, vendor])
  .sort((a, b) => b[0].length - a[0].length);

const knownByBody: ReadonlyMap<string, SchemaHint> = indexHints(KNOWN_SCHEMAS);
const hintIndexes = new WeakMap<object, ReadonlyMap<string, SchemaHint>>();
const CACHE_LIMIT = 256;
const resolvedCache = new Map<string, ResolvedSchema>();

function indexHints(hints: Iterable<SchemaHint>): Map<string, SchemaHint> {
  const index = new Map<string, SchemaHint>();
  for (const h of hints) {
    const body = toColumnBody(h.vendor, h.name);
    if (!index.has(body)) index.set(body, h);
  }
  return index;
}

/**
 * Recovers vendor and name from a column body (the SDK shape drops the vendor's dots, so the split is
 * ambiguous). Tries, in order: `hints` (e.g. every vendor/name the definitions mention), well-known
 * schemas, well-known vendor prefixes (longest first), and last the split at the final `_`
 * (`known: false`). Whatever the split, {@link toColumnBody} of the result equals `body` up to `-`/`.`.
 */
export function resolveColumnBody(body: string, hints?: Iterable<SchemaHint>): ResolvedSchema {
  if (hints !== undefined) {
    let index = hintIndexes.get(hints);
    if (index === undefined) {
      index = indexHints(hints);
      hintIndexes.set(hints, index);
    }
    const h = index.get(body);
    if (h !== undefined) return { vendor: h.vendor, name: h.name, known: true };
  }
  const cached = resolvedCache.get(body);
  if (cached !== undefined) return cached;
  const resolved = resolveWithoutHints(body);
  if (resolvedCache.size >= CACHE_LIMIT) resolvedCache.clear();
  resolvedCache.set(body, resolved);
  return resolved;
}

function resolveWithoutHints(body: string): ResolvedSchema {
  const known = knownByBody.get(body);
  if (known !== undefined) return Object.freeze({ vendor: known.vendor, name: known.name, known: true });
  for (const [prefix, vendor] of KNOWN_VENDORS) {
    if (body.length > prefix.length && body.startsWith(prefix)) {
      return Object.freeze({ vendor, name: body.slice(prefix.length), known: true });
    }
  }
  const cut = body.lastIndexOf('_');
  return Object.freeze(cut < 0
    ? { vendor: '', name: body, known: false }
    : { vendor: body.slice(0, cut), name: body.slice(cut + 1), known: false });
}
