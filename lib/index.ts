/** Public API: the typed model and the app that synthesizes it. */
export * from './model';
export { MonitoringApp, KUBERNETES_CHART, type MonitoringAppProps, type Output } from './output/app';
export type { Manifest, OutputFile, Renderer, Rendered } from './renderer';
/** Label matchers for SLI and symptom event selections. */
export { eq, neq, re, nre, type Matcher, type Pattern } from './promql/expr';
/** PromQL builders for custom alert expressions (`service.addAlert`, `PlatformAlert`). */
export {
  add, agg, and, div, gt, gte, increase, lt, lte, mul, num, or, paren, rate, selector, sub, sum, sumBy, unless, type Expr,
} from './promql/expr';
/** Sloth specs equivalent to the catalogue's SLOs, to run the real `sloth generate` beside our rules. */
export {
  slothExport, slothGenerateArgs, slothRunFiles, slothUnsupported,
  type SlothAlertWindows, type SlothExportResult, type SlothRun, type SlothSpec,
} from './sloth';
/** Importers of Sloth and OpenSLO specs into the catalogue. */
export { importOpenSlo, importSloth, type ImportProps, type SlothImportSource } from './import';
