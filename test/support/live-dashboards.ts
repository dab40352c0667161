/**
 * Dashboard panel queries made runnable against a live Prometheus: variables take the value Grafana
 * would select (the "All" value, else the first value Prometheus knows), macros a fixed interval.
 */
import type { PrometheusApi } from '../../lib/sandbox/api';
import { dataPanels, selectors } from './dashboard-lint';

type Json = Record<string, any>;

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
  /** Metric names the query reads. */
  readonly reads: readonly string[];
}

/** Grafana's `$__rate_interval` is at least four scrape intervals; a minute covers the sandbox and production. */
const MACROS: Readonly<Record<string, string>> = { __rate_interval: '1m', __interval: '30s', __auto: '30s' };

function substitute(expr: string, values: ReadonlyMap<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => values.get((a ?? b)!) ?? whole);
}

/** Values of a dashboard's variables, resolved in order (later variables may use earlier ones). */
export async function variableValues(d: Json, prom: PrometheusApi): Promise<Map<string, string>> {
  const values = new Map<string, string>(Object.entries(MACROS));
  values.set('__range', String(d.time?.from ?? 'now-6h').replace(/^now-/, ''));
  for (const v of d.templating?.list ?? []) {
    if (v.type === 'datasource') continue;
    if (v.includeAll && typeof v.allValue === 'string') {
      values.set(v.name, v.allValue);
      continue;
    }
    const m = /^label_values\((.*),\s*(\w+)\)$/.exec(String(v.query ?? ''));
    if (!m) {
      values.set(v.name, String(v.current?.value ?? ''));
      continue;
    }
    const series = await prom.query(`group by (${m[2]}) (${substitute(m[1]!, values)})`);
    const found = series.map((s) => s.metric[m[2]!]!).filter(Boolean).sort();
    values.set(v.name, v.includeAll ? `(${found.join('|')})` : (found[0] ?? ''));
  }
  return values;
}

export async function panelQueries(name: string, d: Json, prom: PrometheusApi): Promise<PanelQuery[]> {
  const values = await variableValues(d, prom);
  // Log panels query Loki, which the sandbox does not run.
  return dataPanels(d).filter((p) => p.type !== 'logs').flatMap((p) =>
    (p.targets ?? []).filter((t: Json) => typeof t.expr === 'string' && t.expr !== '').map((t: Json) => {
      const expr = substitute(t.expr, values);
      return { dashboard: name, panel: String(p.title), expr, reads: [...new Set(selectors(expr).map((s) => s.name))] };
    }),
  );
}
