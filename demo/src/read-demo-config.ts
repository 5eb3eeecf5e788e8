export interface DemoConfig {
  /** The Signals dev server: the tracker's collector, the plugin's `signals.endpoint` and the interventions stream. */
  signalsUrl: string;
  /** How often the plugin reads the service's values from the dev server. */
  refreshIntervalMs: number;
}

declare global {
  interface Window {
    /** Set by `demo-config.js`, which `npm run demo` writes with the dev server's URL. */
    signalsEdgeDemo?: Partial<DemoConfig>;
  }
}

const DEFAULTS: DemoConfig = { signalsUrl: 'http://127.0.0.1:8787', refreshIntervalMs: 5000 };

/** The page's settings from `window.signalsEdgeDemo` (see `demo-config.js`), with the defaults of `npm run demo`. */
export function readDemoConfig(): DemoConfig {
  const given = window.signalsEdgeDemo ?? {};
  return {
    signalsUrl: typeof given.signalsUrl === 'string' ? given.signalsUrl : DEFAULTS.signalsUrl,
    refreshIntervalMs: typeof given.refreshIntervalMs === 'number' ? given.refreshIntervalMs : DEFAULTS.refreshIntervalMs,
  };
}
