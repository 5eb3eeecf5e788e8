import type { InterventionPayload } from '../rules/intervention-payload.js';
import { isRecord } from '../is-record.js';
import {
  buildInterventionInstance,
  printValue,
  truncateCodePoints,
  type SelfDescribingJson,
} from './intervention-instance-entity.js';
import { copyFrozen } from './copy-frozen.js';
import { settle } from './settle-result.js';
import { createRecentIds } from './create-recent-ids.js';

export type { SelfDescribingJson } from './intervention-instance-entity.js';

/** Where an intervention came from: computed in this browser, or pushed by Signals. */
export type InterventionSource = 'edge' | 'server';

/** What every handler receives. */
export interface DeliveredIntervention extends InterventionPayload {
  source: InterventionSource;
}

export type InterventionHandler = (intervention: DeliveredIntervention) => unknown;

/** Whether one kind of measurement event is tracked: a boolean or a predicate on the intervention. */
export type MeasurementSetting = boolean | ((intervention: DeliveredIntervention) => boolean);

/** Per setting: boolean or a predicate on the intervention (official plugin's shape); a missing one is on. */
export interface MeasurementSettings {
  delivery?: MeasurementSetting | undefined;
  dispatch_accept?: MeasurementSetting | undefined;
  dispatch_error?: MeasurementSetting | undefined;
}

export interface InterventionDispatcherOptions {
  /** Tracks one self-describing event with entities; the runtime makes sure our own events do not feed back. */
  track: (event: SelfDescribingJson, entities: SelfDescribingJson[]) => void;
  /** Measurement events to track; default all on. */
  measurement?: boolean | MeasurementSettings | undefined;
  /** The tracker logger's warn. */
  warn: (message: string) => void;
  /** Bound of the queue kept while no handler is registered (default 20). */
  queueLimit?: number | undefined;
}

export interface InterventionDispatcher {
  /** Merges handlers by id; a non-function value is ignored with one warning. Delivers what was queued. */
  addHandlers(handlers: Record<string, InterventionHandler>): void;
  removeHandlers(ids: string | string[]): void;
  /**
   * Delivers one intervention to every handler, once per intervention_id (repeats dropped).
   * `references` maps bare attribute names to `group:attribute` for the measurement entity, when known.
   */
  dispatch(intervention: DeliveredIntervention, references?: Record<string, string>): void;
  /** Handler ids, for tests and explain. */
  handlerIds(): string[];
}

export const INTERVENTION_RECEIVE_SCHEMA = 'iglu:com.snowplowanalytics.signals/intervention_receive/jsonschema/1-0-0';
export const INTERVENTION_HANDLE_SCHEMA = 'iglu:com.snowplowanalytics.signals/intervention_handle/jsonschema/1-0-0';
export const INTERVENTION_HANDLE_ERROR_SCHEMA =
  'iglu:com.snowplowanalytics.signals/intervention_handle_error/jsonschema/1-0-0';

// maxLength of the measurement schemas (iglu-central 1-0-0).
const HANDLER_MAX = 255;
const ERROR_MAX = 1024;
const DEFAULT_QUEUE_LIMIT = 20;
/** How many recent intervention_ids are remembered to drop repeats. */
const SEEN_LIMIT = 500;
/** Distinct warnings given at most once each; past this, such warnings stop. */
const WARNED_LIMIT = 100;

interface Pending {
  intervention: DeliveredIntervention;
  references: Record<string, string> | undefined;
}

type SettingName = keyof MeasurementSettings;

/**
 * Creates the dispatcher behind `addInterventionHandlers`: delivers each intervention synchronously
 * to every handler (isolated from each other), tracks the official plugin's measurement events,
 * queues interventions while no handler is registered and drops repeated intervention_ids.
 */
export function createInterventionDispatcher(options: InterventionDispatcherOptions): InterventionDispatcher {
  const { track } = options;
  const measurement = options.measurement ?? true;
  const queueLimit = readQueueLimit(options.queueLimit);
  const handlers = new Map<string, InterventionHandler>();
  const queue: Pending[] = [];
  const seen = createRecentIds(SEEN_LIMIT);
  const warned = new Set<string>();
  let queueOverflowWarned = false;

  function warn(message: string): void {
    try {
      options.warn(message);
    } catch {
      // a logger that throws must not break delivery
    }
  }

  function warnOnce(message: string): void {
    if (warned.has(message) || warned.size >= WARNED_LIMIT) return;
    warned.add(message);
    warn(message);
  }

  function isEnabled(name: SettingName, intervention: DeliveredIntervention): boolean {
    if (typeof measurement === 'boolean') return measurement;
    if (!isRecord(measurement)) return true;
    const setting: unknown = measurement[name];
    if (setting === undefined) return true;
    if (typeof setting !== 'function') return Boolean(setting);
    try {
      return Boolean(setting(intervention));
    } catch (error) {
      warnOnce(`measurement setting ${name} threw (${printValue(error)}); counted as false`);
      return false;
    }
  }

  /**
   * Calls every handler, then tracks the measurement events: intervention_receive, then one
   * intervention_handle(_error) per handler. They are tracked after the handlers' synchronous part (in
   * that order), so that no handler waits for a whole track() call; a promise settling later adds its
   * event then.
   */
  function deliver({ intervention, references }: Pending): void {
    const snapshot = [...handlers];
    let entities: SelfDescribingJson[] | undefined;
    let held: (() => void)[] | null = [];
    const emit = (name: SettingName, schema: string, data: Record<string, unknown>): void => {
      if (held !== null) {
        held.push(() => emit(name, schema, data));
        return;
      }
      if (!isEnabled(name, intervention)) return;
      entities ??= buildEntities(intervention, references);
      try {
        track({ schema, data }, entities.slice());
      } catch (error) {
        warnOnce(`tracking an intervention measurement event failed: ${printValue(error)}`);
      }
    };
    const failed = (id: string, error: unknown): void => {
      const text = printValue(error);
      warn(`intervention handler '${id}' failed on '${printValue(intervention.name)}': ${text}`);
      emit('dispatch_error', INTERVENTION_HANDLE_ERROR_SCHEMA, {
        handler: truncateCodePoints(id, HANDLER_MAX),
        error: truncateCodePoints(text, ERROR_MAX),
      });
    };

    for (const [id, handler] of snapshot) {
      let result: unknown;
      try {
        result = handler(intervention);
      } catch (error) {
        failed(id, error);
        continue;
      }
      settle(
        result,
        () => emit('dispatch_accept', INTERVENTION_HANDLE_SCHEMA, { handler: truncateCodePoints(id, HANDLER_MAX) }),
        (error) => failed(id, error),
      );
    }
    const later = held;
    held = null;
    emit('delivery', INTERVENTION_RECEIVE_SCHEMA, {
      handlers: snapshot.map(([id]) => truncateCodePoints(id, HANDLER_MAX)),
    });
    for (const track of later) track();
  }

  function buildEntities(intervention: DeliveredIntervention, references?: Record<string, string>): SelfDescribingJson[] {
    try {
      const { entity, problems } = buildInterventionInstance(intervention, references);
      for (const problem of problems) warnOnce(problem);
      return entity === null ? [] : [entity];
    } catch (error) {
      warnOnce(`intervention_instance entity left out: ${printValue(error)}`);
      return [];
    }
  }

  function enqueue(pending: Pending): void {
    queue.push(pending);
    if (queue.length <= queueLimit) return;
    const dropped = queue.shift();
    if (queueOverflowWarned) return;
    queueOverflowWarned = true;
    warn(
      `no intervention handler registered: kept the latest ${queueLimit} interventions, dropped the oldest ` +
        `('${printValue(dropped?.intervention.name)}') and any further overflow until a handler is added`,
    );
  }

  function flush(): void {
    if (handlers.size === 0 || queue.length === 0) return;
    const pending = queue.splice(0);
    queueOverflowWarned = false;
    for (const item of pending) {
      if (handlers.size === 0) enqueue(item);
      else deliver(item);
    }
  }

  return {
    addHandlers(added) {
      if (!isRecord(added)) {
        warn('addInterventionHandlers expects an object of handler functions by id; ignored');
        return;
      }
      const ignored: string[] = [];
      for (const id of Object.keys(added)) {
        const handler: unknown = added[id];
        if (typeof handler === 'function') handlers.set(id, handler as InterventionHandler);
        else ignored.push(id);
      }
      if (ignored.length > 0) {
        warn(`intervention handlers that are not functions were ignored: ${ignored.join(', ')}`);
      }
      flush();
    },

    removeHandlers(ids) {
      const list: unknown[] = Array.isArray(ids) ? ids : [ids];
      for (const id of list) if (typeof id === 'string') handlers.delete(id);
    },

    dispatch(intervention, references) {
      try {
        if (!isRecord(intervention)) {
          warnOnce('an intervention that is not an object was ignored');
          return;
        }
        const id: unknown = intervention.intervention_id;
        if (typeof id === 'string' && !seen.add(id)) return;
        const pending: Pending = {
          intervention: copyFrozen(intervention) as DeliveredIntervention,
          references: isRecord(references) ? (references as Record<string, string>) : undefined,
        };
        if (handlers.size === 0) enqueue(pending);
        else deliver(pending);
      } catch (error) {
        warnOnce(`an intervention could not be delivered: ${printValue(error)}`);
      }
    },

    handlerIds() {
      return [...handlers.keys()];
    },
  };
}

function readQueueLimit(limit: number | undefined): number {
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 ? limit : DEFAULT_QUEUE_LIMIT;
}
