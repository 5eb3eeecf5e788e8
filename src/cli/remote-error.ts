/**
 * A remote server refused the credentials (`auth`: exit 3) or could not be reached or did not answer as
 * Signals or the Console do (`unreachable`: exit 4). The message is one line naming the URL and what to
 * check; it never carries a secret.
 */
export class RemoteError extends Error {
  override name = 'RemoteError';
  /** Which exit code of `EXIT` (src/cli/cli-io.ts) the CLI ends with. */
  readonly kind: 'auth' | 'unreachable';
  constructor(kind: 'auth' | 'unreachable', message: string) {
    super(message);
    this.kind = kind;
  }
}
