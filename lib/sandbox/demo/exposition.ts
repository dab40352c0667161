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
 * OpenMetrics text of a run of snapshots. Each series becomes its own `unknown` family, so the
 * samples of a family are contiguous and counters need no `_total` naming rules.
 */
export function openMetricsHistory(snapshots: readonly Snapshot[], targetLabels: Readonly<Record<string, string>>): string {
  const bySeries = new Map<string, { name: string; lines: string[] }>();
  for (const snap of snapshots) {
    const ts = (snap.timeMs / 1000).toFixed(3);
    for (const f of snap.families) {
      for (const s of f.samples) {
        const text = series({ ...s, labels: { ...s.labels, ...targetLabels } });
        let entry = bySeries.get(text);
        if (!entry) bySeries.set(text, (entry = { name: s.name, lines: [] }));
        entry.lines.push(`${text} ${formatValue(s.value)} ${ts}`);
      }
    }
  }
  const byName = new Map<string, string[]>();
  for (const { name, lines } of bySeries.values()) {
    const list = byName.get(name) ?? [];
    list.push(...lines);
    byName.set(name, list);
  }
  let out = '';
  for (const [name, lines] of byName) out += `# TYPE ${name} unknown\n${lines.join('\n')}\n`;
  return `${out}# EOF\n`;
}
