import type { ServerResponse } from 'node:http';
import type { Definitions } from '../../src/definitions/types.js';
import type { EdgeEngine } from '../../src/pipeline/create-engine.js';
import type { SignalsEdgePlan } from '../../src/plan/plan-format.js';
import type { ConsoleAuth } from './create-console-auth.js';
import type { RegistryStore } from './create-registry-store.js';
import type { RegistryView } from './create-registry-view.js';
import type { InterventionHub } from './intervention-hub.js';
import type { ProcessingStage } from './processing-stage.js';
import type { EngineState } from '../../src/state/state-types.js';

/** What every request handler of the dev server shares. */
export interface ServerContext {
  engine: EdgeEngine;
  definitions: Definitions;
  /** The definitions bundle as given (served at `/definitions.json`). */
  bundle: unknown;
  /** The plan the server started from, served at `/plan.json` until a registry write; null for a bundle. */
  plan: SignalsEdgePlan | null;
  registry: RegistryView;
  /** The registry's objects as written; the live definitions are recomputed from it on every write. */
  store: RegistryStore;
  /** The engine's state, kept across the engines made when published definitions change. */
  engineState: EngineState;
  hub: InterventionHub;
  stage: ProcessingStage;
  /** Open SSE responses, ended on close. */
  streams: Set<ServerResponse>;
  /** The sandbox token: always accepted as a bearer. */
  token: string;
  /** The Console's token exchange and the check of the JWTs it issues. */
  auth: ConsoleAuth;
  /** `true`: every service read is tokenless (no public rules); `false`: none; `null`: per service `access_mode`. */
  publicServices: boolean | null;
  keepAliveMs: number;
  now: () => number;
  log: (line: string) => void;
}
