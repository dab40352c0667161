/** Platform setting of the collector family: which collector release the generated config targets. */
import { BUILT_COLLECTOR_VERSION, compareVersions, OLDEST_COLLECTOR_VERSION, parseVersion } from '../conventions/otel-versions';
import { show } from './problems';

export interface OtelSettingsProps {
  /**
   * Collector release the config is generated for: component names and self-metric names follow it.
   * @default the release test/tools/build.sh builds (0.158.0)
   */
  readonly collectorVersion?: string;
}

export interface OtelSettings {
  readonly collectorVersion: string;
}

export function resolveOtelSettings(p: OtelSettingsProps = {}): OtelSettings {
  return { collectorVersion: (p.collectorVersion ?? BUILT_COLLECTOR_VERSION).replace(/^v/, '') };
}

export function otelSettingsProblems(o: OtelSettings): string[] {
  const v = o.collectorVersion;
  if (!parseVersion(v) || compareVersions(v, OLDEST_COLLECTOR_VERSION) < 0) {
    return [`otel.collectorVersion: got ${show(v)}, expected a collector release such as "${BUILT_COLLECTOR_VERSION}", at least ${OLDEST_COLLECTOR_VERSION}`];
  }
  return [];
}
