/**
 * Seeded random inputs for the differential tests: realistic event streams for a few users and a
 * definitions bundle (normalised `Definitions`) that spans every aggregation, operator and property kind.
 */
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, AttributeType, Aggregation, Criterion, DatePart,
  Definitions, EventRef, InterventionDef, InterventionNode, InterventionOperator, PropertyRef, Scalar, TimeUnit,
} from '../../src/definitions/types.js';
import type { AtomicEvent, AtomicValue, SelfDescribing } from '../../src/event/atomic-event.js';

/** A seeded pseudo-random source. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped UUID. */
  uuid(): string;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const hex = (n: number): string => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(0, 3)).toString(16)}${hex(3)}-${hex(12)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export interface StreamOptions {
  /** Number of events (default 300). */
  events?: number;
  /** Number of distinct domain_userids (default 2–4, from the seed). */
  users?: number;
  /** Time of the first event, epoch ms (default 2024-03-15T09:00:00Z). */
  startMs?: number;
}

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const SP = 'com.snowplowanalytics.snowplow';
const ACME = 'com.acme';
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const PAGES = ['/', '/products', '/products/shoes', '/products/hats', '/cart', '/checkout', '/faq', '/help/faq'];
const CATALOG = [
  { id: 'p1', name: 'Trail Shoe', category: 'shoes', price: 89.5 },
  { id: 'p2', name: 'City Shoe', category: 'shoes', price: 120 },
  { id: 'p3', name: 'Sun Hat', category: 'hats', price: 19.99 },
  { id: 'p4', name: 'Wool Hat', category: 'hats', price: 35.25 },
  { id: 'p5', name: 'Tote Bag', category: 'bags', price: 49 },
  { id: 'p6', name: 'Sock Pack', category: 'socks', price: 9.75 },
] as const;

function selfDescribing(vendor: string, name: string, version: string, data: unknown): SelfDescribing {
  return {
    schema: `iglu:${vendor}/${name}/jsonschema/${version}`, vendor, name, format: 'jsonschema', version,
    major: Number(version.split('-')[0]), data,
  };
}

interface User {
  duid: string;
  sid: string;
  sessionIdx: number;
  uid: string | null;
  lastT: number;
  email: string;
}

function makeProduct(rng: Random): Record<string, unknown> {
  const p = rng.pick(CATALOG);
  const data: Record<string, unknown> = { id: p.id, name: p.name, category: p.category, currency: 'USD' };
  const r = rng.next();
  if (r < 0.07) { /* price missing */ } else if (r < 0.14) data['price'] = String(p.price);
  else data['price'] = p.price;
  if (rng.chance(0.3)) data['quantity'] = rng.int(1, 3);
  return data;
}

/** Builds the unstruct event and entities of one random event; returns the atomic `event` kind too. */
function makeBody(rng: Random): {
  kind: string; unstruct: SelfDescribing | null; contexts: SelfDescribing[]; atomic: Record<string, AtomicValue>;
} {
  const contexts: SelfDescribing[] = [];
  const atomic: Record<string, AtomicValue> = {};
  let unstruct: SelfDescribing | null = null;
  let kind: string;
  const r = rng.next();
  if (r < 0.32) {
    kind = 'page_view';
  } else if (r < 0.4) {
    kind = 'page_ping';
    Object.assign(atomic, { pp_yoffset_max: rng.int(0, 4000) });
  } else if (r < 0.74) {
    kind = 'unstruct';
    const type = rng.pick(['product_view', 'product_view', 'add_to_cart', 'add_to_cart', 'remove_from_cart', 'list_view', 'transaction']);
    const data: Record<string, unknown> = { type };
    if (type === 'list_view') data['name'] = rng.pick(['recommended', 'search']);
    unstruct = selfDescribing(ECOM, 'snowplow_ecommerce_action', rng.chance(0.8) ? '1-0-2' : '1-0-0', data);
    const n = type === 'product_view' || type === 'remove_from_cart' ? 1 : rng.int(1, 3);
    const products = Array.from({ length: n }, () => makeProduct(rng));
    for (const p of products) contexts.push(selfDescribing(ECOM, 'product', '1-0-0', p));
    if (type === 'add_to_cart' || type === 'remove_from_cart') {
      contexts.push(selfDescribing(ECOM, 'cart', '1-0-0', { cart_id: 'c1', total_value: rng.int(10, 400), currency: 'USD' }));
    }
    if (type === 'transaction') {
      contexts.push(selfDescribing(ECOM, 'transaction', '1-0-0', {
        transaction_id: rng.uuid(), revenue: rng.int(1000, 40000) / 100, currency: 'USD',
        payment_method: rng.pick(['card', 'paypal']), total_quantity: n,
      }));
    }
  } else if (r < 0.9) {
    kind = 'struct';
    Object.assign(atomic, {
      se_category: rng.pick(['video', 'form', 'promo']),
      se_action: rng.pick(['play', 'submit', 'click']),
      se_label: rng.chance(0.6) ? rng.pick(['a', 'b', 'c']) : null,
      se_value: rng.chance(0.8) ? rng.int(0, 200) / 4 : null,
    });
  } else if (r < 0.95) {
    kind = 'unstruct';
    unstruct = selfDescribing(SP, 'link_click', '1-0-1', { targetUrl: `https://example.org/${rng.int(1, 4)}`, elementId: 'lnk' });
  } else {
    kind = 'unstruct';
    const data: Record<string, unknown> = { videoId: `v${rng.int(0, 3)}`, playbackRate: rng.pick([1, 1.5, 2]) };
    if (rng.chance(0.5)) data['position'] = rng.int(0, 600);
    unstruct = selfDescribing(ACME, 'videoPlay', '1-0-0', data);
  }
  contexts.unshift(selfDescribing(SP, 'web_page', '1-0-0', { id: rng.uuid() }));
  if (rng.chance(0.4)) {
    contexts.push(selfDescribing(ACME, 'userProfile', rng.pick(['1-0-0', '1-1-0']), {
      plan: rng.pick(['free', 'pro', 'team']), loyaltyPoints: rng.int(0, 5000),
    }));
  }
  if (rng.chance(0.05)) {
    contexts.push(selfDescribing(ACME, 'userProfile', '2-0-0', { plan: 'enterprise', loyaltyPoints: 999_999 }));
  }
  if (rng.chance(0.15)) atomic['br_lang'] = rng.pick(['fr-FR', 'fr-CA']);
  return { kind, unstruct, contexts, atomic };
}

/**
 * Generates a realistic event stream: page views, ecommerce actions with product entities (sometimes
 * without a price or with a string price), structured events, other self-describing events; times
 * mostly moving forward with frequent exact ties, some out of order, occasional gaps of hours or days.
 */
export function generateStream(seed: number, options: StreamOptions = {}): AtomicEvent[] {
  const rng = createRandom(seed);
  const count = options.events ?? 300;
  const users: User[] = Array.from({ length: options.users ?? rng.int(2, 4) }, (_, i) => ({
    duid: rng.uuid(), sid: rng.uuid(), sessionIdx: 1, uid: null, lastT: -Infinity, email: `user${i}@example.com`,
  }));
  let clock = options.startMs ?? Date.UTC(2024, 2, 15, 9, 0, 0);
  let user = users[0] as User;
  const out: AtomicEvent[] = [];
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.3)) user = rng.pick(users);
    const r = rng.next();
    let t: number;
    if (r < 0.4) t = clock;
    else if (r < 0.75) t = clock += rng.int(1, 5000);
    else if (r < 0.83) t = clock - rng.int(1, 2 * MINUTE);
    else if (r < 0.93) t = clock += rng.int(MINUTE, HOUR);
    else t = clock += rng.int(2 * HOUR, 3 * DAY);
    if (t - user.lastT > 30 * MINUTE || rng.chance(0.02)) {
      user.sid = rng.uuid();
      user.sessionIdx += 1;
    }
    user.lastT = Math.max(user.lastT, t);
    if (user.uid === null && rng.chance(0.12)) user.uid = user.email;
    else if (user.uid !== null && rng.chance(0.04)) user.uid = null;

    const body = makeBody(rng);
    const page = rng.pick(PAGES);
    const iso = new Date(t).toISOString();
    const ue = body.unstruct;
    const atomic: Record<string, AtomicValue> = {
      event_id: rng.uuid(),
      app_id: 'shop',
      platform: 'web',
      event: body.kind,
      event_vendor: ue?.vendor ?? (body.kind === 'struct' ? 'com.google.analytics' : SP),
      event_name: ue?.name ?? (body.kind === 'struct' ? 'event' : body.kind),
      event_format: 'jsonschema',
      event_version: ue?.version ?? '1-0-0',
      domain_userid: rng.chance(0.01) ? null : user.duid,
      domain_sessionid: rng.chance(0.02) ? '' : user.sid,
      domain_sessionidx: user.sessionIdx,
      user_id: user.uid,
      page_url: `https://shop.example.com${page}`,
      page_urlpath: page,
      derived_tstamp: iso,
      dvce_created_tstamp: iso,
      doc_width: rng.pick([800, 1024, 1280, 1920]),
      br_lang: 'en-GB',
      ...body.atomic,
    };
    out.push({ atomic, derivedTstamp: t, unstruct: ue, contexts: body.contexts });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

const atomicProp = (name: string, datePart: DatePart | null = null): PropertyRef => ({ kind: 'atomic', name, datePart });
const ECOM_TYPE: PropertyRef = {
  kind: 'event', vendor: ECOM, name: 'snowplow_ecommerce_action', major: 1, path: ['type'], datePart: null,
};
const productProp = (field: string, index = 0): PropertyRef => ({
  kind: 'entity', vendor: ECOM, name: 'product', major: 1, index, path: [field], datePart: null,
});
const profileProp = (field: string): PropertyRef => ({
  kind: 'entity', vendor: ACME, name: 'userProfile', major: 1, index: 0, path: [field], datePart: null,
});
const COL_ACTION: PropertyRef = {
  kind: 'column', column: 'unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1',
  entity: false, index: 0, path: ['type'], datePart: null,
};
const COL_PRICE: PropertyRef = {
  kind: 'column', column: 'contexts_com_snowplowanalytics_snowplow_ecommerce_product_1', entity: true, index: 0,
  path: ['price'], datePart: null,
};
const COL_VIDEO: PropertyRef = {
  kind: 'column', column: 'unstruct_event_com_acme_video_play_1', entity: false, index: 0, path: ['video_id'], datePart: null,
};
const COL_POINTS: PropertyRef = {
  kind: 'column', column: 'contexts_com_acme_user_profile_1', entity: true, index: 0, path: ['loyalty_points'], datePart: null,
};
const VIDEO_RATE: PropertyRef = {
  kind: 'event', vendor: ACME, name: 'videoPlay', major: 1, path: ['playbackRate'], datePart: null,
};

const EV_ECOM: EventRef = { vendor: ECOM, name: 'snowplow_ecommerce_action', version: null };
const EV_ECOM_102: EventRef = { vendor: ECOM, name: 'snowplow_ecommerce_action', version: '1-0-2' };
const EV_ECOM_NAME: EventRef = { vendor: null, name: 'snowplow_ecommerce_action', version: null };
const EV_PAGE_VIEW: EventRef = { vendor: SP, name: 'page_view', version: '1-0-0' };
const EV_SP_VENDOR: EventRef = { vendor: SP, name: null, version: null };
const EV_STRUCT: EventRef = { vendor: 'com.google.analytics', name: 'event', version: '1-0-0' };
const EV_VIDEO: EventRef = { vendor: ACME, name: 'videoPlay', version: null };

const crit = (property: PropertyRef, operator: Criterion['operator'], value: Scalar | Scalar[]): Criterion => ({ property, operator, value });

interface AttrSpec {
  name: string;
  aggregation: Aggregation;
  type: AttributeType;
  property?: PropertyRef;
  events?: EventRef[];
  all?: Criterion[];
  any?: Criterion[];
  periodMs?: number;
  ttlMs?: number;
  defaultValue?: unknown;
  timeUnit?: TimeUnit;
}

function makeAttr(s: AttrSpec): AttributeDef {
  return {
    name: s.name,
    description: null,
    type: s.type,
    aggregation: s.aggregation,
    events: s.events ?? [],
    property: s.property ?? null,
    criteria: { all: s.all ?? [], any: s.any ?? [] },
    periodMs: s.periodMs ?? null,
    ttlMs: s.periodMs === undefined ? (s.ttlMs ?? null) : null,
    defaultValue: s.defaultValue !== undefined ? s.defaultValue : s.aggregation === 'counter' ? 0 : null,
    timeUnit: s.timeUnit ?? (s.aggregation.startsWith('time_since') ? 's' : null),
  };
}

function makeKey(name: string): AttributeKeyDef {
  return { name, description: null, property: atomicProp(name), ttlMs: null };
}

function makeGroup(name: string, version: number, key: AttributeKeyDef, attributes: AttributeDef[],
  extra: Partial<Pick<AttributeGroupDef, 'kind' | 'online'>> = {}): AttributeGroupDef {
  return {
    name, version, key, kind: extra.kind ?? 'stream', online: extra.online ?? true, published: true,
    ttlMs: null, attributes, fields: [],
  };
}

function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const leaf = (ref: string, operator: InterventionOperator, value: Scalar | Scalar[] | null = null): InterventionNode => {
  const [group = '', attribute = ''] = ref.split(':');
  return { op: 'leaf', group, attribute, operator, value };
};
const all = (...children: InterventionNode[]): InterventionNode => ({ op: 'all', children });
const any = (...children: InterventionNode[]): InterventionNode => ({ op: 'any', children });
const none = (...children: InterventionNode[]): InterventionNode => ({ op: 'none', children });

function makeIntervention(name: string, criteria: InterventionNode, targets: string[] | null): InterventionDef {
  return { name, version: 1, description: null, criteria, targets, published: true };
}

/**
 * Generates normalised definitions over the keys domain_userid, domain_sessionid and user_id: 30–60
 * attributes spanning every aggregation (lifetime, windowed, with TTL), every criterion operator, event
 * filters with and without vendor/name/version, atomic/event/entity/legacy-column properties, every
 * date part, explicit defaults; a second group version, a batch group and an offline group (both not
 * computed); and 10 interventions over every operator with nested all/any/none.
 */
export function generateDefinitions(seed: number): Definitions {
  const rng = createRandom(seed ^ 0x5eed);
  const period = (): number => rng.pick([10 * MINUTE, HOUR, 6 * HOUR, DAY, 7 * DAY]);
  const ttl = (): number => rng.pick([30 * MINUTE, 2 * HOUR, DAY, 3 * DAY]);
  const price = (): number => rng.pick([20, 35.25, 50, 90]);
  const duid = makeKey('domain_userid');
  const sid = makeKey('domain_sessionid');
  const uid = makeKey('user_id');
  const isAdd = crit(ECOM_TYPE, '=', 'add_to_cart');

  const user: AttrSpec[] = [
    { name: 'page_views', aggregation: 'counter', type: 'int32', events: [EV_PAGE_VIEW] },
    { name: 'cart_adds', aggregation: 'counter', type: 'int32', events: [EV_ECOM], all: [isAdd] },
    { name: 'cart_adds_window', aggregation: 'counter', type: 'int64', all: [crit(COL_ACTION, '=', 'add_to_cart')], periodMs: period() },
    { name: 'product_views_102', aggregation: 'counter', type: 'int32', events: [EV_ECOM_102], all: [crit(ECOM_TYPE, '=', 'product_view')] },
    { name: 'cart_value', aggregation: 'sum', type: 'double', events: [EV_ECOM], property: productProp('price'), all: [isAdd], ttlMs: ttl() },
    { name: 'cart_value_int', aggregation: 'sum', type: 'int32', property: COL_PRICE, all: [crit(ECOM_TYPE, 'in', ['add_to_cart', 'remove_from_cart'])] },
    { name: 'min_price', aggregation: 'min', type: 'double', events: [EV_ECOM_NAME], property: productProp('price') },
    { name: 'min_price_int', aggregation: 'min', type: 'int64', property: productProp('price'), periodMs: period() },
    { name: 'max_price_second', aggregation: 'max', type: 'double', property: productProp('price', 1), periodMs: period() },
    { name: 'mean_se_value', aggregation: 'mean', type: 'double', events: [EV_STRUCT], property: atomicProp('se_value') },
    {
      name: 'mean_se_value_int', aggregation: 'mean', type: 'int64', property: atomicProp('se_value'), periodMs: period(),
      any: [crit(atomicProp('se_category'), '=', 'video'), crit(atomicProp('se_category'), '=', 'promo')],
    },
    { name: 'first_product_url', aggregation: 'first', type: 'string', property: atomicProp('page_url'), all: [crit(atomicProp('page_url'), 'like', 'https://shop.example.com/products%')] },
    { name: 'last_url', aggregation: 'last', type: 'string', property: atomicProp('page_url'), all: [crit(atomicProp('page_urlpath'), '!=', '/cart')] },
    { name: 'last_category', aggregation: 'last', type: 'string', property: productProp('category'), periodMs: period() },
    { name: 'first_action', aggregation: 'first', type: 'string', property: ECOM_TYPE, ttlMs: ttl() },
    { name: 'first_action_window', aggregation: 'first', type: 'string', property: COL_ACTION, periodMs: period() },
    { name: 'unique_urls', aggregation: 'unique_list', type: 'string_list', events: [EV_SP_VENDOR], property: atomicProp('page_urlpath'), defaultValue: [] },
    { name: 'unique_categories_window', aggregation: 'unique_list', type: 'string_list', property: productProp('category'), periodMs: period() },
    { name: 'unique_hours', aggregation: 'unique_list', type: 'int32_list', property: atomicProp('derived_tstamp', 'hour_of_day'), ttlMs: ttl() },
    { name: 'active_weeks', aggregation: 'unique_list', type: 'string_list', property: atomicProp('derived_tstamp', 'active_week') },
    { name: 'fav_category', aggregation: 'most_frequent', type: 'string', property: productProp('category'), all: [crit(ECOM_TYPE, 'in', ['product_view', 'add_to_cart'])] },
    { name: 'fav_category_window', aggregation: 'most_frequent', type: 'string', property: productProp('category'), periodMs: period() },
    { name: 'rare_path', aggregation: 'least_frequent', type: 'string', property: atomicProp('page_urlpath'), periodMs: period() },
    { name: 'rare_path_lifetime', aggregation: 'least_frequent', type: 'string', property: atomicProp('page_urlpath'), ttlMs: ttl() },
    { name: 'fav_weekday', aggregation: 'most_frequent', type: 'int32', property: atomicProp('derived_tstamp', 'day_of_week') },
    { name: 'category_counts', aggregation: 'category_count', type: 'dict', property: productProp('category') },
    { name: 'struct_category_counts', aggregation: 'category_count', type: 'dict', events: [EV_STRUCT], property: atomicProp('se_category'), periodMs: period() },
    { name: 'distinct_products', aggregation: 'approx_count_distinct', type: 'int64', property: productProp('name') },
    { name: 'distinct_days', aggregation: 'approx_count_distinct', type: 'int64', property: atomicProp('derived_tstamp', 'active_day'), periodMs: period() },
    { name: 'since_first_seen', aggregation: 'time_since_first', type: 'double', timeUnit: 'min' },
    { name: 'since_last_add', aggregation: 'time_since_last', type: 'double', timeUnit: 'h', all: [isAdd], periodMs: period() },
    { name: 'since_last_view', aggregation: 'time_since_last', type: 'double', timeUnit: 's', events: [EV_PAGE_VIEW], ttlMs: ttl() },
    { name: 'sum_se_window', aggregation: 'sum', type: 'double', property: atomicProp('se_value'), periodMs: period() },
    { name: 'since_first_struct', aggregation: 'time_since_first', type: 'float', timeUnit: 'd', events: [EV_STRUCT], periodMs: period() },
    { name: 'first_month', aggregation: 'first', type: 'string', property: atomicProp('derived_tstamp', 'active_month') },
    { name: 'last_month_of_year', aggregation: 'last', type: 'int32', property: atomicProp('derived_tstamp', 'month_of_year') },
    { name: 'video_plays', aggregation: 'counter', type: 'int32', events: [EV_VIDEO, EV_PAGE_VIEW], all: [crit(COL_VIDEO, '!=', 'v0'), crit(VIDEO_RATE, '>=', 1.5)] },
    { name: 'loyalty_max', aggregation: 'max', type: 'int64', property: profileProp('loyaltyPoints') },
    { name: 'loyalty_last_legacy', aggregation: 'last', type: 'int64', property: COL_POINTS },
    { name: 'plan_last', aggregation: 'last', type: 'string', property: profileProp('plan'), all: [crit(profileProp('plan'), 'in', ['free', 'pro'])], defaultValue: 'none' },
    {
      name: 'wide_pages', aggregation: 'counter', type: 'int32', all: [crit(atomicProp('doc_width'), '>', rng.pick([1000, 1200]))],
      any: [crit(atomicProp('br_lang'), '=', 'en-GB'), crit(atomicProp('br_lang'), 'like', 'fr%')],
    },
    {
      name: 'mid_value_structs', aggregation: 'counter', type: 'int32', events: [EV_STRUCT],
      all: [crit(atomicProp('se_value'), '<', rng.pick([30, 40])), crit(atomicProp('se_value'), '>=', 5), crit(atomicProp('se_value'), '<=', 45)],
    },
    { name: 'cheap_items_seen', aggregation: 'counter', type: 'int32', all: [crit(productProp('price'), '<=', '20')], defaultValue: 7 },
  ];
  const userV1: AttrSpec[] = [
    { name: 'cart_adds', aggregation: 'counter', type: 'int32', events: [EV_ECOM], all: [crit(ECOM_TYPE, '=', 'product_view')] },
    { name: 'old_only', aggregation: 'counter', type: 'int32', events: [EV_SP_VENDOR] },
  ];
  const session: AttrSpec[] = [
    { name: 's_page_views', aggregation: 'counter', type: 'int32', events: [EV_PAGE_VIEW] },
    { name: 's_cart_adds', aggregation: 'counter', type: 'int32', all: [isAdd] },
    { name: 's_cart_value', aggregation: 'sum', type: 'double', property: productProp('price'), all: [isAdd] },
    { name: 's_paths', aggregation: 'unique_list', type: 'string_list', property: atomicProp('page_urlpath'), periodMs: period() },
    { name: 's_last_action', aggregation: 'last', type: 'string', property: ECOM_TYPE },
    { name: 's_since_start', aggregation: 'time_since_first', type: 'double', timeUnit: 'min' },
  ];
  const account: AttrSpec[] = [
    { name: 'a_transactions', aggregation: 'counter', type: 'int32', all: [crit(ECOM_TYPE, '=', 'transaction')] },
    {
      name: 'a_revenue', aggregation: 'sum', type: 'double',
      property: { kind: 'entity', vendor: ECOM, name: 'transaction', major: 1, index: 0, path: ['revenue'], datePart: null },
    },
    { name: 'a_fav_category', aggregation: 'most_frequent', type: 'string', property: productProp('category') },
  ];
  // Optional extras so the attribute count varies with the seed (the core above covers everything).
  const extras = shuffle<{ group: 'user' | 'session' | 'account'; spec: AttrSpec }>(rng, [
    { group: 'user', spec: { name: 'page_views_window', aggregation: 'counter', type: 'int32', events: [EV_PAGE_VIEW], periodMs: period() } },
    { group: 'user', spec: { name: 'cart_value_window', aggregation: 'sum', type: 'double', property: productProp('price'), all: [isAdd], periodMs: period(), defaultValue: 0 } },
    { group: 'user', spec: { name: 'max_price_ttl', aggregation: 'max', type: 'int32', property: productProp('price'), ttlMs: ttl() } },
    { group: 'user', spec: { name: 'last_url_window', aggregation: 'last', type: 'string', property: atomicProp('page_url'), periodMs: period() } },
    { group: 'user', spec: { name: 'expensive_adds', aggregation: 'counter', type: 'int32', all: [isAdd, crit(productProp('price'), '>', price())] } },
    { group: 'session', spec: { name: 's_first_path', aggregation: 'first', type: 'string', property: atomicProp('page_urlpath') } },
    { group: 'account', spec: { name: 'a_adds_week', aggregation: 'counter', type: 'int32', all: [isAdd], periodMs: 7 * DAY } },
    { group: 'user', spec: { name: 'x_unique_products', aggregation: 'unique_list', type: 'string_list', property: productProp('id'), periodMs: period() } },
    { group: 'user', spec: { name: 'x_days_seen', aggregation: 'approx_count_distinct', type: 'int64', property: atomicProp('derived_tstamp', 'active_day'), ttlMs: ttl() } },
    { group: 'user', spec: { name: 'x_hours', aggregation: 'category_count', type: 'dict', property: atomicProp('derived_tstamp', 'hour_of_day'), periodMs: period() } },
    { group: 'user', spec: { name: 'x_link_clicks', aggregation: 'counter', type: 'int32', events: [{ vendor: SP, name: 'link_click', version: '1-0-1' }] } },
    { group: 'user', spec: { name: 'x_least_action', aggregation: 'least_frequent', type: 'string', property: COL_ACTION } },
  ]).slice(0, rng.int(0, 6));
  const extrasOf = (group: string): AttrSpec[] => extras.filter((x) => x.group === group).map((x) => x.spec);

  const groups: AttributeGroupDef[] = [
    makeGroup('user_activity', 1, duid, userV1.map(makeAttr)),
    makeGroup('user_activity', 2, duid, shuffle(rng, [...user, ...extrasOf('user')]).map(makeAttr)),
    makeGroup('session_activity', 1, sid, [...session, ...extrasOf('session')].map(makeAttr)),
    makeGroup('account', 1, uid, [...account, ...extrasOf('account')].map(makeAttr)),
    makeGroup('warehouse', 1, duid, [makeAttr({ name: 'ltv', aggregation: 'sum', type: 'double', property: atomicProp('se_value') })], { kind: 'batch' }),
    makeGroup('paused', 1, duid, [makeAttr({ name: 'paused_count', aggregation: 'counter', type: 'int32' })], { online: false }),
  ];

  const interventions: InterventionDef[] = [
    makeIntervention('cart_value_high', all(
      leaf('user_activity:cart_value', '>', rng.pick([100, 150, 200])),
      none(leaf('user_activity:cart_adds', '<', 1)),
    ), ['user_id', 'domain_userid']),
    makeIntervention('engaged_session', any(
      leaf('session_activity:s_page_views', '>=', rng.int(3, 5)),
      all(leaf('session_activity:s_cart_adds', '>=', 1), leaf('user_activity:page_views', '<=', rng.int(2, 6))),
    ), null),
    makeIntervention('checkout_path', all(
      leaf('user_activity:last_url', 'like', '%/checkout%'),
      leaf('user_activity:first_product_url', 'not like', '%/hats'),
    ), ['domain_userid']),
    makeIntervention('regex_rule', any(
      leaf('user_activity:last_category', 'rlike', '^(shoes|hats)$'),
      all(leaf('user_activity:plan_last', 'not rlike', 'pro'), leaf('user_activity:loyalty_max', '>', 3000)),
    ), null),
    makeIntervention('category_in', all(
      leaf('user_activity:fav_category', 'in', ['shoes', 'bags']),
      leaf('session_activity:s_last_action', 'not in', ['remove_from_cart', 'transaction']),
      leaf('session_activity:s_last_action', '!=', 'list_view'),
    ), null),
    makeIntervention('url_changed', all(
      leaf('user_activity:last_url', 'changed'),
      leaf('user_activity:page_views', '>', rng.int(1, 3)),
    ), ['domain_sessionid']),
    makeIntervention('session_value_changed', leaf('session_activity:s_cart_value', 'changed'), null),
    makeIntervention('account_checks', all(
      leaf('account:a_fav_category', 'is not null'),
      leaf('user_activity:since_last_add', 'is null'),
      leaf('account:a_fav_category', '=', rng.pick(['shoes', 'hats'])),
    ), ['user_id']),
    makeIntervention('old_version', all(
      leaf('user_activity:old_only', '>', rng.int(2, 5)),
      leaf('warehouse:ltv', 'is null'),
    ), null),
    makeIntervention('eq_and_lt', all(
      leaf('user_activity:cart_adds_window', '=', rng.int(1, 2)),
      any(leaf('user_activity:min_price', '<', 20), none(leaf('user_activity:mean_se_value', '>', 25))),
    ), ['domain_userid', 'domain_sessionid']),
  ];

  return { groups, services: [], interventions, keys: [duid, sid, uid] };
}
