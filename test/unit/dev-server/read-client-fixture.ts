// The official clients' requests as recorded from their source (test/fixtures/signals-clients/*.json).
import { readFileSync } from 'node:fs';

/** One recorded request of a client, and what the client accepts as its answer. */
export interface ClientRequest {
  call?: string;
  method: string;
  host?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
  expect: { status: number[]; example_answer?: unknown };
}

/** The requests of one fixture file, in the order the client sends them. */
export function readClientFixture(name: string): ClientRequest[] {
  const url = new URL(`../../fixtures/signals-clients/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { requests: ClientRequest[] }).requests;
}
