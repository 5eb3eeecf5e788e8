import type { ServerResponse } from 'node:http';
import type { Definitions } from '../../src/definitions/types.js';
import type { EdgeEngine } from '../../src/engine/engine-types.js';
import type { RegistryView } from './create-registry-view.js';
import type { InterventionHub } from './intervention-hub.js';
import type { ProcessingStage } from './processing-stage.js';

/** What every request handler of the dev server shares. */
export interface ServerContext {
  engine: EdgeEngine;
  definitions: Definitions;
  /** The definitions bundle as given (served at `/definitions.json`). */
  bundle: unknown;
  registry: RegistryView;
  hub: InterventionHub;
  stage: ProcessingStage;
  /** Open SSE responses, ended on close. */
  streams: Set<ServerResponse>;
  token: string;
  publicServices: boolean;
  keepAliveMs: number;
  now: () => number;
  log: (line: string) => void;
}
