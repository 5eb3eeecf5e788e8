// The one table of tracker payload parameters: the event view (fromTrackerPayload) and the stream's
// payload pointers (readPayloadPointer) both read it.

export type Kind = 'text' | 'integer' | 'decimal' | 'boolean' | 'dimensions';

/** A simple parameter: its column(s), its type, and whether a later/other parameter overrides it (legacy). */
export interface Param {
  readonly column: string;
  readonly column2?: string;
  readonly kind: Kind;
  /** Legacy spelling: only fills the column when its modern parameter did not. */
  readonly weak?: boolean;
}

const text = (column: string, weak = false): Param => ({ column, kind: 'text', weak });
const int = (column: string): Param => ({ column, kind: 'integer' });
const dec = (column: string, weak = false): Param => ({ column, kind: 'decimal', weak });
const bool = (column: string): Param => ({ column, kind: 'boolean' });
const dims = (column: string, column2: string): Param => ({ column, column2, kind: 'dimensions' });

/** Tracker parameters copied into one or two atomic columns (Enrich `Transform.scala`; docs/semantics.md#tracker-payloads). */
export const PARAMS: ReadonlyMap<string, Param> = new Map([
  ['aid', text('app_id')],
  ['p', text('platform')],
  ['tna', text('name_tracker')],
  ['tv', text('v_tracker')],
  ['cv', text('v_collector')],
  ['uid', text('user_id')],
  ['duid', text('domain_userid')],
  ['nuid', text('network_userid', true)],
  ['tnuid', text('network_userid')],
  ['sid', text('domain_sessionid')],
  ['vid', int('domain_sessionidx')],
  ['ip', text('user_ipaddress')],
  ['ua', text('useragent')],
  ['fp', text('user_fingerprint')],
  ['tid', int('txn_id')],
  ['page', text('page_title')],
  ['lang', text('br_lang')],
  ['cd', text('br_colordepth')],
  ['cs', text('doc_charset')],
  ['tz', text('os_timezone')],
  ['cookie', bool('br_cookies')],
  ['res', dims('dvce_screenwidth', 'dvce_screenheight')],
  ['vp', dims('br_viewwidth', 'br_viewheight')],
  ['ds', dims('doc_width', 'doc_height')],
  ['se_ca', text('se_category')],
  ['se_ac', text('se_action')],
  ['se_la', text('se_label')],
  ['se_pr', text('se_property')],
  ['se_va', dec('se_value')],
  ['ev_ca', text('se_category', true)],
  ['ev_ac', text('se_action', true)],
  ['ev_la', text('se_label', true)],
  ['ev_pr', text('se_property', true)],
  ['ev_va', dec('se_value', true)],
  ['tr_id', text('tr_orderid')],
  ['tr_af', text('tr_affiliation')],
  ['tr_tt', dec('tr_total')],
  ['tr_tx', dec('tr_tax')],
  ['tr_sh', dec('tr_shipping')],
  ['tr_ci', text('tr_city')],
  ['tr_st', text('tr_state')],
  ['tr_co', text('tr_country')],
  ['tr_cu', text('tr_currency')],
  ['ti_id', text('ti_orderid')],
  ['ti_sk', text('ti_sku')],
  ['ti_nm', text('ti_name')],
  ['ti_na', text('ti_name', true)],
  ['ti_ca', text('ti_category')],
  ['ti_pr', dec('ti_price')],
  ['ti_qu', int('ti_quantity')],
  ['ti_cu', text('ti_currency')],
  ['pp_mix', int('pp_xoffset_min')],
  ['pp_max', int('pp_xoffset_max')],
  ['pp_miy', int('pp_yoffset_min')],
  ['pp_may', int('pp_yoffset_max')],
  ['f_pdf', bool('br_features_pdf')],
  ['f_fla', bool('br_features_flash')],
  ['f_java', bool('br_features_java')],
  ['f_dir', bool('br_features_director')],
  ['f_qt', bool('br_features_quicktime')],
  ['f_realp', bool('br_features_realplayer')],
  ['f_wma', bool('br_features_windowsmedia')],
  ['f_gears', bool('br_features_gears')],
  ['f_ag', bool('br_features_silverlight')],
]);

/**
 * The parameters an atomic column is read from, the modern one before its legacy spelling (`tnuid`, then
 * `nuid`), none for the two columns of a `WxH` parameter; plus the columns read whole from one parameter (`event_id`, `page_url`, `page_referrer`).
 */
export function paramsOfColumn(column: string): readonly string[] {
  if (byColumn === null) {
    byColumn = new Map([['event_id', ['eid']], ['page_url', ['url']], ['page_referrer', ['refr']]]);
    for (const weak of [false, true]) {
      for (const [param, spec] of PARAMS) {
        // A `WxH` parameter fills two columns, neither of which is the parameter as it is.
        if ((spec.weak === true) !== weak || spec.kind === 'dimensions') continue;
        byColumn.set(spec.column, [...(byColumn.get(spec.column) ?? []), param]);
      }
    }
  }
  return byColumn.get(column) ?? [];
}

let byColumn: Map<string, string[]> | null = null;
