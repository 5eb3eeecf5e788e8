// The page's settings: where the Signals dev server is (the tracker's collector, the plugin's Signals
// endpoint and the interventions stream). `npm run demo` overwrites this file in demo/dist with the
// port it started the dev server on.
window.signalsEdgeDemo = { signalsUrl: 'http://127.0.0.1:8787', refreshIntervalMs: 5000 };
