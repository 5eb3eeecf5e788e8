import { createValidationError, type ValidationIssue } from './http-error.js';
import type { Target } from './intervention-hub.js';

const KEY_NAME = /^[A-Za-z0-9_]{1,128}$/;
/** Signals documents at most 50 attribute keys per subscription. */
export const MAX_TARGETS = 50;

export interface ReadTargetsOptions {
  /**
   * Whether a query without any target is accepted (→ `[]`). The stream accepts it: the official browser
   * plugin opens `…/interventions?` while it knows no id (anonymous tracking, no cookies) and an
   * EventSource never retries after a non-200 answer. A direct push needs at least one target.
   */
  allowNone?: boolean;
}

/**
 * Reads `?<key>=<id>[&…]` (a key may repeat for several ids) into distinct targets.
 * @throws HttpError 422 when there is none (unless `allowNone`), more than {@link MAX_TARGETS}, a bad key name or an empty id.
 */
export function readTargets(params: URLSearchParams, options: ReadTargetsOptions = {}): Target[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const [name, id] of params) {
    if (!KEY_NAME.test(name)) issues.push({ loc: ['query', name], msg: 'attribute key names are 1–128 letters, digits or _', type: 'value_error' });
    else if (id === '') issues.push({ loc: ['query', name], msg: 'the attribute key id is empty', type: 'value_error' });
    else if (!seen.has(`${name}\u0000${id}`)) {
      seen.add(`${name}\u0000${id}`);
      targets.push({ name, id });
    }
  }
  if (issues.length === 0 && targets.length === 0 && options.allowNone !== true) {
    issues.push({ loc: ['query'], msg: 'name at least one attribute key id, e.g. ?domain_userid=<uuid>', type: 'missing' });
  }
  if (targets.length > MAX_TARGETS) issues.push({ loc: ['query'], msg: `at most ${MAX_TARGETS} attribute key ids`, type: 'value_error' });
  if (issues.length > 0) throw createValidationError(issues);
  return targets;
}
