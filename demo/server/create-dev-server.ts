import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDefinitions } from '../../src/definitions/parse-definitions.js';
import type { Definitions } from '../../src/definitions/types.js';
import { createEngine } from '../../src/pipeline/create-engine.js';
import { createEngineState } from '../../src/engine/engine-state.js';
import type { FiredIntervention } from '../../src/rules/intervention-payload.js';
import { DefinitionsError } from '../../src/errors.js';
import type { AtomicEvent } from '../../src/event/atomic-event.js';
import { isPlan } from '../../src/plan/plan-format.js';
import { readPlan } from '../../src/plan/read-plan.js';
import { createConsoleAuth } from './create-console-auth.js';
import { createRegistryStore } from './create-registry-store.js';
import { createRegistryView } from './create-registry-view.js';
import { createInterventionHub } from './intervention-hub.js';
import { createProcessingStage } from './processing-stage.js';
import { routeRequest } from './route-request.js';
import type { ServerContext } from './server-context.js';

/** The tutorial definitions, served when no bundle is given. */
export const DEFAULT_DEFINITIONS_URL = new URL('../../examples/tutorial-definitions.json', import.meta.url);

export interface DevServerOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Processing lag between an event's arrival and its effect on attributes, ms. Default 0. */
  lagMs?: number;
  /** Each event's lag varies uniformly by ± this much (never below 0), so events can be reordered. Default 0. */
  jitterMs?: number;
  /**
   * A definitions bundle (default `examples/tutorial-definitions.json`; unpublished definitions are loaded
   * too) or a plan from `signals-edge compile` (run as is; the registry then starts empty).
   */
  definitions?: unknown;
  /** The sandbox bearer token, accepted besides the JWTs of the token exchange. Default `dev-token`. */
  token?: string;
  /** The Console's organization id (token exchange path). Default `dev-org`. */
  orgId?: string;
  /** The Console API key id (`X-API-Key-Id`). Default `dev-key-id`. */
  apiKeyId?: string;
  /** The Console API key (`X-API-Key`). Default `dev-key`. */
  apiKey?: string;
  /** Lifetime of the JWTs the token exchange issues, ms (rounded to seconds, at least 1 s). Default 3 600 000. */
  tokenTtlMs?: number;
  /**
   * Tokenless service reads of get-online-attributes. Default: per service `access_mode` (`"public"`: one
   * UUID per read, others 404). `true`: every service, any ids (the demo's override); `false`: none (401).
   */
  publicServices?: boolean;
  /** The server's clock (epoch ms): arrival times, reads, the `Date` header. Default `Date.now`. */
  now?: () => number;
  /** Interval of SSE keep-alive comments, ms. Default 15 000. */
  keepAliveMs?: number;
  /** Uniform in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /** Called after each event is processed, with the crossings it made. */
  onProcessed?: (event: AtomicEvent, fired: FiredIntervention[]) => void;
  /** Where warnings and internal errors are written. Default: stderr. */
  log?: (line: string) => void;
}

/** A running dev server. */
export interface DevServer {
  /** `http://<host>:<port>` */
  url: string;
  /** Ends every SSE stream and connection, stops processing (queued events are dropped) and closes the port. */
  close(): Promise<void>;
  /** Events processed so far (for tests). */
  processed(): number;
  /** Events received and not processed yet (for tests). */
  pending(): number;
  /** Events dropped on arrival because their event id had been received already. */
  duplicates(): number;
}

/**
 * Starts the local Signals-compatible dev server (design.md "Interfaces": Dev server) on `node:http`:
 * a Snowplow collector whose events the project's own engine processes after a lag,
 * `get-online-attributes`, the interventions SSE stream and direct push, registry reads, and the
 * definitions bundle at `/definitions.json`. See `demo/server/README.md`.
 * @throws DefinitionsError when the bundle is invalid; RangeError for a negative or non-finite number option.
 */
export async function createDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const lagMs = readMs(options.lagMs, 0, 'lagMs');
  const jitterMs = readMs(options.jitterMs, 0, 'jitterMs');
  const keepAliveMs = readMs(options.keepAliveMs, 15_000, 'keepAliveMs');
  const tokenTtlMs = readMs(options.tokenTtlMs, 3_600_000, 'tokenTtlMs');
  if (tokenTtlMs === 0) throw new RangeError('tokenTtlMs: must be above 0');
  if (keepAliveMs === 0) throw new RangeError('keepAliveMs: must be above 0');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port: ${port} is not a port number`);
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));

  const given = options.definitions ?? JSON.parse(await readFile(DEFAULT_DEFINITIONS_URL, 'utf8'));
  const plan = isPlan(given) ? given : null;
  let definitions: Definitions;
  let bundle: unknown;
  if (plan !== null) {
    definitions = readPlan(plan);
    // A plan holds no wire-format objects: the registry starts empty.
    bundle = { attribute_keys: [], attribute_groups: [], services: [], interventions: [] };
    log('dev-server: running a plan; the registry starts empty and its first write replaces the plan\'s definitions');
  } else {
    const parsed = parseDefinitions(given, { includeUnpublished: true });
    if (!parsed.ok) throw new DefinitionsError(parsed.problems);
    for (const w of parsed.warnings) log(`dev-server: definitions: ${w.path || '(root)'}: ${w.message}`);
    definitions = parsed.definitions;
    bundle = given;
  }

  const engineState = createEngineState();
  const engine = createEngine(definitions, { state: engineState });
  const hub = createInterventionHub();
  const stageOptions: Parameters<typeof createProcessingStage>[0] = {
    engine,
    lagMs,
    jitterMs,
    now,
    onFired: (fired) => {
      hub.publish(fired.map((f) => ({
        target: f.target_attribute_key,
        instance: {
          intervention_id: f.intervention_id,
          name: f.name,
          version: f.version,
          target_attribute_key: f.target_attribute_key,
          attributes: f.attributes,
        },
      })));
    },
    onError: (error, event) => log(`dev-server: event ${String(event.atomic['event_id'])} not processed: ${String(error)}`),
  };
  if (options.random !== undefined) stageOptions.random = options.random;
  if (options.onProcessed !== undefined) stageOptions.onProcessed = options.onProcessed;
  const stage = createProcessingStage(stageOptions);

  const ctx: ServerContext = {
    engine,
    definitions,
    bundle,
    plan,
    registry: createRegistryView(bundle, definitions),
    store: createRegistryStore(bundle, definitions.keys),
    engineState,
    hub,
    stage,
    streams: new Set<ServerResponse>(),
    token: options.token ?? 'dev-token',
    auth: createConsoleAuth({
      orgId: options.orgId ?? 'dev-org',
      apiKeyId: options.apiKeyId ?? 'dev-key-id',
      apiKey: options.apiKey ?? 'dev-key',
      tokenTtlMs,
      now,
    }),
    publicServices: options.publicServices ?? null,
    keepAliveMs,
    now,
    log,
  };

  const server = createServer((req, res) => void routeRequest(req, res, ctx));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`dev-server: ${error.message}`));
  const address = server.address() as AddressInfo;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stage.close();
        for (const res of ctx.streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    processed: () => stage.processed(),
    pending: () => stage.pending(),
    duplicates: () => stage.duplicates(),
  };
}

function readMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name}: ${value} is not a non-negative number of ms`);
  return value;
}
