/**
 * Prometheus text exposition (format 0.0.4) for scrapes, and OpenMetrics with timestamps for
 * backfilling history with `promtool tsdb create-blocks-from openmetrics`.
 */
import type { Family, Sample } from './traffic';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function series(s: Sample): string {
  const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeValue(v)}"`);
  return labels.length ? `${s.name}{${labels.join(',')}}` : s.name;
}

/** The body of a `/metrics` response. */
export function textExposition(families: readonly Family[]): string {
  let out = '';
  for (const f of families) {
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) out += `${series(s)} ${formatValue(s.value)}\n`;
  }
  return out;
}

/** A snapshot of every family at one instant, with the target labels Prometheus would add. */
export interface Snapshot {
  readonly timeMs: number;
  readonly families: readonly Family[];
}

/**
 * OpenMetrics text of a run of snapshots. Histograms and summaries keep their type, so the promtool
 * of the server's release stores their `le` and `quantile` values as that server stores scraped ones
 * (Prometheus 3 normalises `1` to `1.0`, 2.x keeps it): history and live series stay one series.
 * Counters and gauges become `unknown`, so they need no `_total` naming rules. The samples of a
 * family are contiguous, and each series' in time order.
 */
export function openMetricsHistory(snapshots: readonly Snapshot[], targetLabels: Readonly<Record<string, string>>): string {
  const families = new Map<string, { type: string; series: Map<string, string[]> }>();
  for (const snap of snapshots) {
    const ts = (snap.timeMs / 1000).toFixed(3);
    for (const f of snap.families) {
      const typed = f.type === 'histogram' || f.type === 'summary';
      for (const s of f.samples) {
        const name = typed ? f.name : s.name;
        let family = families.get(name);
        if (!family) families.set(name, (family = { type: typed ? f.type : 'unknown', series: new Map() }));
        const text = series({ ...s, labels: { ...s.labels, ...targetLabels } });
        let lines = family.series.get(text);
        if (!lines) family.series.set(text, (lines = []));
        lines.push(`${text} ${formatValue(s.value)} ${ts}`);
      }
    }
  }
  let out = '';
  for (const [name, { type, series: lines }] of families) out += `# TYPE ${name} ${type}\n${[...lines.values()].flat().join('\n')}\n`;
  return `${out}# EOF\n`;
}
