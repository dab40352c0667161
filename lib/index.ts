/** Public API: the typed model and the app that synthesizes it. */
export * from './model';
export { MonitoringApp, KUBERNETES_CHART, type MonitoringAppProps, type Output } from './output/app';
export type { Manifest, OutputFile, Renderer, Rendered } from './renderer';
/** Label matchers for SLI and symptom event selections. */
export { eq, neq, re, nre, type Matcher } from './promql/expr';
