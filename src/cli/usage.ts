import { PLAN_VERSION } from '../plan/plan-format.js';

/** The `signals-edge --help` text. */
export const USAGE = `Usage:
  signals-edge pull [--api-url URL] [--sandbox-token T] [--service NAME]... [--include-unpublished] [--out FILE]
  signals-edge pull [--api-url URL] [--api-key-id ID --api-key KEY --org-id ORG] [--console-url URL] ...
      Writes the published definitions of a Signals deployment's registry as one bundle, sorted (same
      registry, same bytes), checked as the runtime loads them; to stdout unless --out (written atomically).
      --service (repeatable) keeps those services, their groups, keys and interventions. Credentials: the
      sandbox token, or an API key exchanged at the Console (default https://console.snowplowanalytics.com).
      Environment: SIGNALS_API_URL, SNOWPLOW_CONSOLE_API_KEY_ID, SNOWPLOW_CONSOLE_API_KEY,
      SNOWPLOW_CONSOLE_ORG_ID, SNOWPLOW_CONSOLE_URL (flags win).
  signals-edge replay --definitions FILE --events FILE|- [--now ISO-8601]
      Runs Signals definitions over recorded events (NDJSON tracker payloads, tp2 bodies or enriched
      JSON, or enriched TSV), in file order, and prints the attribute values per key id and the
      interventions that would have fired. Values are read at --now (default: the latest derived_tstamp).
  signals-edge validate FILE [--strict]
      Checks a definitions bundle (or a plan) and names every problem by its JSON path. Warnings
      (an unknown field, an item left out) are printed on stderr; --strict makes them errors.
  signals-edge compile FILE [--out FILE] [--include-unpublished]
      Compiles a definitions bundle into a plan: the definitions validated, normalized and lowered to
      what the browser runs, with a format version and the hash of the source. Same input, same bytes.
      Writes to stdout unless --out is given (then atomically). Unpublished items are left out unless
      --include-unpublished.
  signals-edge bundle --plan FILE [--out FILE] [--include-unpublished]
      Builds a script-tag file for one plan (or a definitions bundle, compiled first): the core with
      the plan embedded and only the aggregations and operators it uses; it sets
      window.snowplowSignalsEdge as dist/signals-edge.iife.js does, and SignalsEdgePlugin() needs no
      plan option. Writes to stdout unless --out; the size goes to stderr. Needs Vite (npm install
      --save-dev vite).
  signals-edge --version
      Prints the version of signals-edge (plans it writes are format ${PLAN_VERSION}).

Exit codes: 0 ok, 1 invalid input (the problems are printed on stderr), 2 usage, 3 credentials
refused (HTTP 401/403), 4 server not reachable or not answering as Signals does (network error,
404, 5xx).`;
