/** The streams a command reads and writes (process.stdin/stdout/stderr, or in-memory ones in tests). */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Exit codes: 0 ok, 1 invalid input, 2 usage, 3 credentials refused, 4 server not reachable or not answering. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, auth: 3, unreachable: 4 } as const;
