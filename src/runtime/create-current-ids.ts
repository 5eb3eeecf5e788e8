import type { BrowserTracker } from '@snowplow/browser-tracker-core';

/** The ids this page is about now, per key name. */
export interface CurrentIds {
  /** The tracker's current id of a key, else the last one an event carried; null when none. */
  of(keyName: string): string | null;
  /** An applied event carried `id` for `keyName`. */
  saw(keyName: string, id: string): void;
  clear(): void;
}

export function createCurrentIds(tracker: BrowserTracker): CurrentIds {
  const last = new Map<string, string>();
  return {
    of(keyName) {
      try {
        // The web tracker's client_session entity carries the domain user and session ids.
        const fromTracker = keyName === 'domain_userid' || keyName === 'client_session_user_id' ? tracker.getDomainUserId()
          : keyName === 'domain_sessionid' || keyName === 'client_session_session_id' ? tracker.getDomainSessionId()
            : keyName === 'user_id' ? tracker.getUserId() : undefined;
        if (typeof fromTracker === 'string' && fromTracker !== '') return fromTracker;
      } catch {
        // fall back to the last id seen in an event
      }
      return last.get(keyName) ?? null;
    },
    saw: (keyName, id) => void last.set(keyName, id),
    clear: () => last.clear(),
  };
}
