/** One validation problem, as Signals (FastAPI) reports it under `detail` (signals-model.md §1). */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** An error answered as `status` with `{"detail": detail}`; never a crash. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly detail: string | ValidationIssue[];
  readonly headers: Record<string, string>;
  constructor(status: number, detail: string | ValidationIssue[], headers: Record<string, string> = {}) {
    super(typeof detail === 'string' ? detail : detail.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }
}

/** A 422 listing every validation problem found. */
export function createValidationError(issues: ValidationIssue[]): HttpError {
  return new HttpError(422, issues);
}
