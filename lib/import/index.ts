/** Importers of existing SLO specs: Sloth (`prometheus/v1` files, PrometheusServiceLevel objects) and OpenSLO v1. */
export { plainCounter, type ImportProps } from './common';
export { importSloth, SLOTH_CRD, SLOTH_FILE_VERSION, type SlothImportSource } from './sloth';
export { importOpenSlo, OPENSLO_API_VERSION } from './openslo';
