import { formatTimestamp } from './timestamps.js';

/** A URL split as Enrich splits `page_url`/`page_referrer` (raw, still percent-encoded). */
export interface UrlParts {
  /** Scheme without `:`. */
  scheme: string;
  host: string;
  /** Explicit port, else 443 for https and 80 otherwise. */
  port: number;
  path: string | null;
  /** Query without `?`; null when absent or empty. */
  query: string | null;
  /** Fragment without `#`; null when absent or empty. */
  fragment: string | null;
}

/** Splits a URL into Enrich's parts; null when it is not an absolute URL. */
export function parseUrlParts(url: string): UrlParts | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const scheme = u.protocol.slice(0, -1);
  return {
    scheme,
    host: u.hostname,
    port: u.port === '' ? (scheme === 'https' ? 443 : 80) : Number(u.port),
    path: u.pathname === '' ? null : u.pathname,
    query: u.search.length > 1 ? u.search.slice(1) : null,
    fragment: u.hash.length > 1 ? u.hash.slice(1) : null,
  };
}

/** Query parameters → `mkt_*` columns (Enrich campaign attribution enrichment). */
export interface CampaignFields {
  readonly medium: readonly string[];
  readonly source: readonly string[];
  readonly term: readonly string[];
  readonly content: readonly string[];
  readonly campaign: readonly string[];
  /** `[query parameter, mkt_network]` pairs, first present wins. */
  readonly clickIds: readonly (readonly [param: string, network: string])[];
}

/** Enrich's default campaign attribution configuration (`utm_*`; gclid, msclkid, dclid). */
export const DEFAULT_CAMPAIGN_FIELDS: CampaignFields = Object.freeze({
  medium: ['utm_medium'],
  source: ['utm_source'],
  term: ['utm_term'],
  content: ['utm_content'],
  campaign: ['utm_campaign'],
  clickIds: [['gclid', 'Google'], ['msclkid', 'Microsoft'], ['dclid', 'DoubleClick']] as const,
});

/** Atomic columns derived from one URL, as `[column, value]` pairs with non-null values only. */
export type ColumnPairs = readonly (readonly [string, string | number])[];

const CACHE_LIMIT = 32;
const pageCaches = new WeakMap<CampaignFields, Map<string, ColumnPairs>>();
const referrerCache = new Map<string, ColumnPairs>();

/**
 * The last URLs looked up, compared with `===` before the maps: URLs come fresh out of JSON.parse on
 * every event, and hashing one for a map costs more than a few string compares.
 */
interface RecentUrls {
  urls: string[];
  /** The campaign fields each page URL was read with (null for referrers). */
  campaigns: (CampaignFields | null)[];
  pairs: ColumnPairs[];
  next: number;
}
const RECENT = 8;
const recentPages: RecentUrls = { urls: [], campaigns: [], pairs: [], next: 0 };
const recentReferrers: RecentUrls = { urls: [], campaigns: [], pairs: [], next: 0 };

function findRecent(recent: RecentUrls, url: string, campaign: CampaignFields | null): ColumnPairs | undefined {
  const { urls } = recent;
  for (let i = 0; i < urls.length; i++) {
    if (urls[i] === url && recent.campaigns[i] === campaign) return recent.pairs[i];
  }
  return undefined;
}

function remember(recent: RecentUrls, url: string, campaign: CampaignFields | null, pairs: ColumnPairs): ColumnPairs {
  recent.urls[recent.next] = url;
  recent.campaigns[recent.next] = campaign;
  recent.pairs[recent.next] = pairs;
  recent.next = (recent.next + 1) % RECENT;
  return pairs;
}

/**
 * Columns Enrich derives from the page URL: `page_url*` parts, `mkt_*` (campaign attribution) and
 * `refr_domain_userid`/`refr_dvce_tstamp` (+ alias `refr_device_tstamp`) from the `_sp` parameter.
 * Cached per URL; `page_url` itself is not included.
 */
export function readPageUrlColumns(url: string, campaign: CampaignFields = DEFAULT_CAMPAIGN_FIELDS): ColumnPairs {
  const recent = findRecent(recentPages, url, campaign);
  if (recent !== undefined) return recent;
  let cache = pageCaches.get(campaign);
  if (cache === undefined) {
    cache = new Map();
    pageCaches.set(campaign, cache);
  }
  let pairs = cache.get(url);
  if (pairs === undefined) {
    pairs = computePageColumns(url, campaign);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(url, pairs);
  }
  return remember(recentPages, url, campaign, pairs);
}

/** Columns Enrich derives from the referrer URL: `refr_urlscheme` … `refr_urlfragment`. Cached per URL. */
export function readReferrerUrlColumns(url: string): ColumnPairs {
  const recent = findRecent(recentReferrers, url, null);
  if (recent !== undefined) return recent;
  let pairs = referrerCache.get(url);
  if (pairs === undefined) {
    const parts = parseUrlParts(url);
    const out: [string, string | number][] = [];
    if (parts !== null) pushParts(out, 'refr_url', parts);
    pairs = out;
    if (referrerCache.size >= CACHE_LIMIT) referrerCache.clear();
    referrerCache.set(url, pairs);
  }
  return remember(recentReferrers, url, null, pairs);
}

function pushParts(out: [string, string | number][], prefix: string, p: UrlParts): void {
  if (p.scheme !== '') out.push([`${prefix}scheme`, p.scheme]);
  if (p.host !== '') out.push([`${prefix}host`, p.host]);
  out.push([`${prefix}port`, p.port]);
  if (p.path !== null) out.push([`${prefix}path`, p.path]);
  if (p.query !== null) out.push([`${prefix}query`, p.query]);
  if (p.fragment !== null) out.push([`${prefix}fragment`, p.fragment]);
}

function computePageColumns(url: string, campaign: CampaignFields): ColumnPairs {
  const parts = parseUrlParts(url);
  const out: [string, string | number][] = [];
  if (parts === null) return out;
  pushParts(out, 'page_url', parts);
  if (parts.query === null) return out;
  // Enrich builds a map from the decoded parameters: the last occurrence of a name wins.
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(parts.query)) params.set(k, v);
  pushFirst(out, 'mkt_medium', campaign.medium, params);
  pushFirst(out, 'mkt_source', campaign.source, params);
  pushFirst(out, 'mkt_term', campaign.term, params);
  pushFirst(out, 'mkt_content', campaign.content, params);
  pushFirst(out, 'mkt_campaign', campaign.campaign, params);
  for (const [param, network] of campaign.clickIds) {
    const v = params.get(param);
    if (v === undefined) continue;
    if (v !== '') out.push(['mkt_clickid', v]);
    out.push(['mkt_network', network]);
    break;
  }
  const sp = params.get('_sp');
  if (sp !== undefined && sp !== '') pushCrossDomain(out, sp);
  return out;
}

function pushFirst(out: [string, string | number][], column: string, names: readonly string[], params: Map<string, string>): void {
  for (const name of names) {
    const v = params.get(name);
    if (v === undefined) continue;
    if (v !== '') out.push([column, v]);
    return;
  }
}

/** `_sp=<domain_userid>.<epoch ms>[.<session id>.<user id>.<source id>.<platform>.<reason>]` (Enrich cross-navigation). */
function pushCrossDomain(out: [string, string | number][], sp: string): void {
  const fields = sp.split('.');
  if (fields.length > 7) return;
  const duid = fields[0] ?? '';
  if (duid !== '') out.push(['refr_domain_userid', duid]);
  const ts = fields[1] ?? '';
  if (ts === '') return;
  const ms = Number(ts);
  // Enrich rejects the whole event on a bad `_sp` timestamp; in the browser we only drop the field.
  const iso = Number.isInteger(ms) ? formatTimestamp(ms) : null;
  if (iso === null) return;
  out.push(['refr_dvce_tstamp', iso]);
  out.push(['refr_device_tstamp', iso]);
}
