/** One problem found in input: a machine code, the JSON path of the offending value and a plain message. */
export interface Problem {
  code: string;
  /** JSON path such as `attribute_groups[0].attributes[2].aggregation` (empty for the root). */
  path: string;
  message: string;
}

/** Base class of every error signals-edge throws on purpose. */
export class SignalsEdgeError extends Error {
  override name = 'SignalsEdgeError';
}

/** Definitions that failed validation; `problems` lists every problem found, each with its path. */
export class DefinitionsError extends SignalsEdgeError {
  override name = 'DefinitionsError';
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.problems = problems;
  }
}

/** Renders problems one per line: `path: message`. */
export function formatProblems(problems: Problem[]): string {
  const lines = problems.map((p) => `${p.path || '(root)'}: ${p.message}`);
  return `${problems.length} problem${problems.length === 1 ? '' : 's'} in definitions:\n${lines.join('\n')}`;
}

/** A plan that this build cannot run: another major format version, or damaged; the message says which. */
export class PlanError extends SignalsEdgeError {
  override name = 'PlanError';
}

/** An event that cannot be read (bad payload, bad line); the message names the field. */
export class EventError extends SignalsEdgeError {
  override name = 'EventError';
}
