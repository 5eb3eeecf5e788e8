// Writes bench/attrs100.json: 100 attributes over every aggregation (lifetime, windowed, TTL, lists,
// HLL, date parts, criteria), on domain_userid and domain_sessionid, plus interventions over them.
// Usage: node --import tsx bench/make-attrs100.ts
import { writeFileSync } from 'node:fs';
import {
  AtomicProperty, Attribute, Bundle, Criteria, Criterion, EntityProperty, Event, EventProperty,
  InterventionCriteriaAll, InterventionCriteriaAny, InterventionCriterion, PageView, RuleIntervention,
  Service, StreamAttributeGroup, domain_sessionid, domain_userid,
} from '../src/definitions/builders.js';

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const action = Event({ vendor: ECOM, name: 'snowplow_ecommerce_action' });
const actionType = EventProperty({ vendor: ECOM, name: 'snowplow_ecommerce_action', major_version: 1, path: 'type' });
const price = EntityProperty({ vendor: ECOM, name: 'product', major_version: 1, path: 'price' });
const category = EntityProperty({ vendor: ECOM, name: 'product', major_version: 1, path: 'category' });
const productId = EntityProperty({ vendor: ECOM, name: 'product', major_version: 1, path: 'id' });
const isType = (type: string) => Criteria({ all: [Criterion.eq(actionType, type)] });
const pageUrl = AtomicProperty({ name: 'page_url' });

const periods = [undefined, 'PT10M', 'PT1H', 'P1D', 'P7D'] as const;
const types = ['product_view', 'add_to_cart', 'remove_from_cart', 'list_view'] as const;

type AttributeOf = ReturnType<typeof Attribute>;
const user: AttributeOf[] = [];
const session: AttributeOf[] = [];
for (const period of periods) {
  const p = period === undefined ? {} : { period };
  const tag = period === undefined ? 'life' : period.toLowerCase();
  for (const type of types) {
    user.push(Attribute({ name: `count_${type}_${tag}`, type: 'int64', aggregation: 'counter', events: [action], criteria: isType(type), ...p }));
  }
  user.push(
    Attribute({ name: `sum_price_${tag}`, type: 'double', aggregation: 'sum', events: [action], property: price, criteria: isType('add_to_cart'), ...p }),
    Attribute({ name: `min_price_${tag}`, type: 'double', aggregation: 'min', events: [action], property: price, ...p }),
    Attribute({ name: `max_price_${tag}`, type: 'double', aggregation: 'max', events: [action], property: price, ...p }),
    Attribute({ name: `mean_price_${tag}`, type: 'double', aggregation: 'mean', events: [action], property: price, ...p }),
    Attribute({ name: `first_url_${tag}`, type: 'string', aggregation: 'first', events: [PageView()], property: pageUrl, ...p }),
    Attribute({ name: `last_url_${tag}`, type: 'string', aggregation: 'last', events: [PageView()], property: pageUrl, ...p }),
    Attribute({ name: `unique_urls_${tag}`, type: 'string_list', aggregation: 'unique_list', events: [PageView()], property: pageUrl, ...p }),
    Attribute({ name: `top_category_${tag}`, type: 'string', aggregation: 'most_frequent', events: [action], property: category, ...p }),
    Attribute({ name: `rare_category_${tag}`, type: 'string', aggregation: 'least_frequent', events: [action], property: category, ...p }),
    Attribute({ name: `categories_${tag}`, type: 'dict', aggregation: 'category_count', events: [action], property: category, ...p }),
    Attribute({ name: `distinct_products_${tag}`, type: 'int64', aggregation: 'approx_count_distinct', events: [action], property: productId, ...p }),
    Attribute({ name: `since_last_action_${tag}`, type: 'double', aggregation: 'time_since_last', events: [action], time_unit: 'min', ...p }),
    Attribute({ name: `since_first_view_${tag}`, type: 'double', aggregation: 'time_since_first', events: [PageView()], time_unit: 'h', ...p }),
  );
}
// 5 × 17 = 85 on the user; 15 more on the session, some with TTLs, date parts and `any` criteria.
session.push(
  Attribute({ name: 'session_views', type: 'int32', aggregation: 'counter', events: [PageView()] }),
  Attribute({ name: 'session_actions', type: 'int32', aggregation: 'counter', events: [action], ttl: 'PT30M' }),
  Attribute({ name: 'session_cart_value', type: 'double', aggregation: 'sum', events: [action], property: price, criteria: isType('add_to_cart'), ttl: 'PT30M' }),
  Attribute({ name: 'session_active_hours', type: 'int32_list', aggregation: 'unique_list', property: AtomicProperty({ name: 'derived_tstamp', date_part: 'hour_of_day' }) }),
  Attribute({ name: 'session_days', type: 'string_list', aggregation: 'unique_list', property: AtomicProperty({ name: 'derived_tstamp', date_part: 'active_day' }) }),
  Attribute({ name: 'session_weekday', type: 'int32', aggregation: 'most_frequent', property: AtomicProperty({ name: 'derived_tstamp', date_part: 'day_of_week' }) }),
  Attribute({ name: 'session_first_event', type: 'string', aggregation: 'first', property: AtomicProperty({ name: 'event_name' }) }),
  Attribute({ name: 'session_last_event', type: 'string', aggregation: 'last', property: AtomicProperty({ name: 'event_name' }) }),
  Attribute({ name: 'session_event_names', type: 'dict', aggregation: 'category_count', property: AtomicProperty({ name: 'event_name' }) }),
  Attribute({
    name: 'session_faq_views', type: 'int32', aggregation: 'counter', events: [PageView()],
    criteria: Criteria({ any: [Criterion.like(pageUrl, '%/faq%'), Criterion.like(pageUrl, '%/help%')] }),
  }),
  Attribute({ name: 'session_big_adds', type: 'int32', aggregation: 'counter', events: [action], criteria: Criteria({ all: [Criterion.eq(actionType, 'add_to_cart'), Criterion.gt(price, 50)] }) }),
  Attribute({ name: 'session_cheap_views', type: 'int32', aggregation: 'counter', events: [action], criteria: Criteria({ all: [Criterion.in_list(actionType, ['product_view', 'list_view']), Criterion.lte(price, 20)] }) }),
  Attribute({ name: 'session_recent_views', type: 'int32', aggregation: 'counter', events: [PageView()], period: 'PT5M' }),
  Attribute({ name: 'session_recent_products', type: 'string_list', aggregation: 'unique_list', events: [action], property: productId, period: 'PT15M' }),
  Attribute({ name: 'session_distinct_urls', type: 'int32', aggregation: 'approx_count_distinct', events: [PageView()], property: pageUrl, period: 'PT30M' }),
);

const groups = [
  StreamAttributeGroup({ name: 'bench_user', version: 1, attribute_key: domain_userid, attributes: user, is_published: true }),
  StreamAttributeGroup({ name: 'bench_session', version: 1, attribute_key: domain_sessionid, attributes: session, is_published: true }),
];
const bundle = Bundle({
  attribute_groups: groups,
  services: [Service({ name: 'bench', attribute_groups: groups, is_published: true })],
  interventions: [
    RuleIntervention({ name: 'hesitant_buyer', is_published: true, criteria: InterventionCriteriaAll({ all: [
      InterventionCriterion({ attribute: 'bench_user:count_product_view_pt1h', operator: '>', value: 5 }),
      InterventionCriterion({ attribute: 'bench_user:count_add_to_cart_pt1h', operator: '=', value: 0 }),
    ] }) }),
    RuleIntervention({ name: 'big_cart', is_published: true, criteria: InterventionCriterion({ attribute: 'bench_session:session_cart_value', operator: '>', value: 200 }) }),
    RuleIntervention({ name: 'faq_reader', is_published: true, criteria: InterventionCriteriaAny({ any: [
      InterventionCriterion({ attribute: 'bench_session:session_faq_views', operator: '>=', value: 2 }),
      InterventionCriterion({ attribute: 'bench_user:last_url_life', operator: 'like', value: '%/help%' }),
    ] }) }),
    RuleIntervention({ name: 'category_change', is_published: true, criteria: InterventionCriterion({ attribute: 'bench_user:top_category_life', operator: 'changed' }) }),
  ],
});
const count = groups.reduce((n, g) => n + (g.attributes?.length ?? 0), 0);
if (count !== 100) throw new Error(`attrs100 has ${count} attributes`);
writeFileSync(new URL('./attrs100.json', import.meta.url), `${JSON.stringify(bundle, null, 2)}\n`);
