import type { InterventionPayload } from '../rules/intervention-payload.js';
import { isRecord } from '../is-record.js';
import { readAttributeKeyIds } from '../event/read-payload-pointer.js';
import { readIntervention } from './read-intervention-frame.js';
import { readIds, readTargets } from './read-key-maps.js';
import { onWake, retryDelay } from './retry-timing.js';

/** The official interventions plugin's `subscribeToInterventions` configuration (docs/semantics.md#interventions-stream). */
export interface InterventionSubscriptionOptions {
  /** Host or URL; `https://` is prepended when it has no `//`. */
  endpoint: string;
  /** Default `/api/v1/interventions`. */
  apiPath?: string;
  /** Key → JSON pointer(s) into the tracker payload, merged over `{domain_userid: '/domain_userid', domain_sessionid: '/domain_sessionid'}`. */
  attributeKeyTargets?: Record<string, string | string[]>;
  /** Fixed ids per key; they win over ids read from events or set directly. */
  attributeKeyIds?: Record<string, string>;
  /** Older spelling of `attributeKeyTargets` (which wins per key when both are given). */
  entityTargets?: Record<string, string | string[]>;
  /** Older spelling of `attributeKeyIds` (which wins per key when both are given). */
  entityIds?: Record<string, string>;
  /** A stream not open this long after it was created is closed and retried with back-off. Default 2500. */
  connectionTimeoutMs?: number;
}

/** What the subscription needs from its host; `EventSource` and `random` are injectable for tests. */
export interface InterventionSubscriptionDeps {
  /** Receives each well-formed intervention frame (duplicates included: dropping them is the dispatcher's job). */
  deliver(intervention: InterventionPayload): void;
  warn(message: string): void;
  /** Default `globalThis.EventSource`. */
  EventSource?: typeof EventSource;
  /** Uniform in [0, 1) for the back-off jitter. Default `Math.random`. */
  random?: () => number;
}

/** A running subscription to the Signals interventions stream. */
export interface InterventionSubscription {
  /** Reads ids from a tracker payload (afterTrack) with the targets' pointers; reconnects when the id set changes. */
  update(payload: Record<string, unknown>): void;
  /** Sets ids directly (e.g. from the tracker's getDomainUserInfo at start: duid index 1, sid index 6); reconnects when they change. */
  setIds(ids: Record<string, string>): void;
  /** The current query, for tests: `domain_userid=…&domain_sessionid=…`. */
  query(): string;
  /** Closes the stream, cancels timers and removes the window listeners. */
  stop(): void;
}

const DEFAULT_TARGETS: Readonly<Record<string, string>> = { domain_userid: '/domain_userid', domain_sessionid: '/domain_sessionid' };
const DEFAULT_API_PATH = '/api/v1/interventions';
const DEFAULT_TIMEOUT_MS = 2500;
/** First retry after a failure waits about this long (± 50 % jitter); each further failure doubles it. */
const BACKOFF_BASE_MS = 1000;
/** Longest wait between two attempts. */
const BACKOFF_MAX_MS = 60_000;
/** EventSource.readyState values (not read from the constructor: test doubles may lack them). */
const OPEN = 1;
const CLOSED = 2;
/** How much of a bad frame a warning quotes. */
const EXCERPT_LENGTH = 120;

/**
 * Subscribes to the Signals interventions stream (`GET <endpoint><apiPath>?<key>=<id>&…`,
 * docs/semantics.md#interventions-stream) with the official plugin's options, minus its bugs: one
 * EventSource per connection, closed before the next opens; no connection while no id is known; a
 * stream not open within `connectionTimeoutMs`, or one the browser gave up on, is retried with capped
 * exponential back-off and jitter, and at once on `online` or when the page becomes visible. Every
 * unnamed message that is a well-formed InterventionInstance is passed to `deliver`; anything else is
 * skipped with one warning. Never throws.
 */
export function startInterventionSubscription(
  options: InterventionSubscriptionOptions,
  deps: InterventionSubscriptionDeps,
): InterventionSubscription {
  const warn = (message: string) => {
    try {
      deps.warn(`interventions stream: ${message}`);
    } catch {
      // a logger that throws must not break the stream
    }
  };
  const random = deps.random ?? Math.random;
  const Source = deps.EventSource ?? (globalThis as { EventSource?: typeof EventSource }).EventSource;
  const opts: Partial<InterventionSubscriptionOptions> = isRecord(options) ? options : {};
  const base = readBaseUrl(opts, warn);
  const timeoutMs = readTimeout(opts.connectionTimeoutMs, warn);
  const targets = readTargets([DEFAULT_TARGETS, opts.entityTargets, opts.attributeKeyTargets], warn);
  const fixed = readIds([opts.entityIds, opts.attributeKeyIds], 'attributeKeyIds', warn);
  if (Source === undefined) warn('EventSource is not available here; not subscribing');

  /** Key order of the query: targets, fixed ids, then keys set later. */
  const order = [...new Set([...Object.keys(targets), ...Object.keys(fixed)])];
  const ids = new Map<string, string>();
  let subscribed = '';
  let current: EventSource | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let stopped = false;

  const buildQuery = () => {
    const params = new URLSearchParams();
    for (const key of order) {
      const id = fixed[key] ?? ids.get(key);
      if (id !== undefined) params.append(key, id);
    }
    return params.toString();
  };

  const clearTimers = () => {
    if (connectTimer !== null) clearTimeout(connectTimer);
    if (retryTimer !== null) clearTimeout(retryTimer);
    connectTimer = retryTimer = null;
  };

  const closeCurrent = () => {
    clearTimers();
    const source = current;
    current = null;
    try {
      source?.close();
    } catch {
      // closing is best effort
    }
  };

  const armTimeout = (source: EventSource) => {
    connectTimer = setTimeout(() => {
      connectTimer = null;
      if (current === source && source.readyState !== OPEN) fail(`not open after ${timeoutMs} ms`);
    }, timeoutMs);
  };

  function fail(reason: string): void {
    closeCurrent();
    failures = Math.min(failures + 1, 30);
    if (failures === 1) warn(`${reason}; retrying with back-off`);
    if (!stopped) retryTimer = setTimeout(connect, retryDelay(failures, BACKOFF_BASE_MS, BACKOFF_MAX_MS, random));
  }

  function connect(): void {
    closeCurrent();
    if (stopped || subscribed === '' || Source === undefined || base === null) return;
    let source: EventSource;
    try {
      source = new Source(`${base}?${subscribed}`);
    } catch (error) {
      fail(`could not open (${String(error)})`);
      return;
    }
    current = source;
    const query = subscribed;
    source.addEventListener('open', () => {
      if (current !== source) return;
      if (connectTimer !== null) clearTimeout(connectTimer);
      connectTimer = null;
      failures = 0;
    });
    source.addEventListener('error', () => {
      if (current !== source) return;
      if (source.readyState === CLOSED) fail('the connection failed');
      // Still CONNECTING: the browser retries by itself; the timeout applies to that attempt too.
      else if (source.readyState !== OPEN && connectTimer === null) armTimeout(source);
    });
    source.addEventListener('message', (event) => {
      if (current === source) receive((event as MessageEvent).data, query);
    });
    armTimeout(source);
  }

  function receive(data: unknown, query: string): void {
    let parsed: unknown;
    try {
      parsed = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      parsed = undefined;
    }
    const result = parsed === undefined ? 'not JSON' : readIntervention(parsed, query);
    if (typeof result === 'string') {
      warn(`frame skipped (${result}): ${excerpt(data)}`);
      return;
    }
    try {
      deps.deliver(result);
    } catch (error) {
      warn(`delivering ${result.name} v${result.version} failed: ${String(error)}`);
    }
  }

  /** Reconnects when the query changed since the last (re)connect. */
  const apply = () => {
    const query = buildQuery();
    if (query === subscribed) return;
    subscribed = query;
    failures = 0;
    if (query === '') closeCurrent();
    else connect();
  };

  /** `online`, page visible: a stream that is not open is replaced at once. */
  const wake = () => {
    if (stopped || subscribed === '') return;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    if (current !== null && current.readyState === OPEN) return;
    connect();
  };
  const stopWaking = onWake(wake);

  apply();

  return {
    update(payload) {
      if (stopped || !isRecord(payload)) return;
      try {
        const found = readAttributeKeyIds(payload, targets);
        for (const key of Object.keys(found)) {
          const id = found[key]!;
          if (id !== '') ids.set(key, id);
        }
        apply();
      } catch (error) {
        warn(`reading ids from an event failed: ${String(error)}`);
      }
    },
    setIds(next) {
      if (stopped) return;
      const given = readIds([next], 'setIds', warn);
      for (const key of Object.keys(given)) {
        if (!order.includes(key)) order.push(key);
        ids.set(key, given[key]!);
      }
      apply();
    },
    query: buildQuery,
    stop() {
      if (stopped) return;
      stopped = true;
      closeCurrent();
      stopWaking();
    },
  };
}

function readBaseUrl(options: Partial<InterventionSubscriptionOptions>, warn: (m: string) => void): string | null {
  const { endpoint, apiPath } = options;
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    warn('endpoint: expected a host or URL; not subscribing');
    return null;
  }
  let url = endpoint.trim().replace(/\/+$/, '');
  if (!url.includes('//')) url = `https://${url}`;
  let path = DEFAULT_API_PATH;
  if (typeof apiPath === 'string' && apiPath !== '') path = apiPath.startsWith('/') ? apiPath : `/${apiPath}`;
  else if (apiPath !== undefined) warn(`apiPath: expected a path; using ${DEFAULT_API_PATH}`);
  return url + path;
}

function readTimeout(value: unknown, warn: (m: string) => void): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  warn(`connectionTimeoutMs: expected a positive number of ms; using ${DEFAULT_TIMEOUT_MS}`);
  return DEFAULT_TIMEOUT_MS;
}

function excerpt(data: unknown): string {
  const text = typeof data === 'string' ? data : String(data);
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

