// npm entry `signals-edge/vite` (Node, build time): the Vite plugin that compiles the app's definitions
// and tailors the engine to them. Vite is an optional peer dependency.
export { PLAN_MODULE_ID, signalsEdge, type SignalsEdgeViteOptions, type TailoredBuild } from './tailor/signals-edge-vite-plugin.js';
export type { PlanUsage } from './tailor/plan-usage.js';
