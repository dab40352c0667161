export { Exporter, ExporterTarget, PlatformExporter, ServiceExporter, type ExporterAlertOverride, type ExporterPanel, type ExporterProps, type PlatformExporterProps } from './exporter';
export type { ExporterKind } from './definition';
