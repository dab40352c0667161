/**
 * Dashboards declared beside the services: rows of panels over any metric of the catalogue (typed, or
 * parse-checked PromQL) and log panels over services' logs in Loki. Cross-service views such as a
 * platform health roll-up live here; the per-service dashboards stay generated.
 */
import { Construct } from 'constructs';
import { dashboardPropProblems } from './dashboard-problems';
import type { DashboardPanelProps, DashboardProps, DashboardRowProps } from './dashboard-props';
import { Problems } from './problems';
import { settingsOf } from './settings';

export * from './dashboard-props';

export class Dashboard extends Construct {
  static isDashboard(x: unknown): x is Dashboard {
    return x instanceof Dashboard;
  }

  readonly uid: string;
  readonly title: string;
  readonly folder: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly rows: readonly DashboardRowProps[];
  protected readonly problems: Problems;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.problems = new Problems(this);
    this.uid = props.uid ?? id;
    this.title = props.title;
    this.folder = props.folder ?? settingsOf(this).grafana.folder;
    this.description = props.description ?? `${props.title}. Declared in services.ts; do not edit in Grafana.`;
    this.tags = [...(props.tags ?? [])];
    this.rows = (props.rows ?? []).map((r) => ({ title: r.title, panels: [...(r.panels ?? [])] }));
    const findings = dashboardPropProblems(this);
    for (const f of findings.errors) this.problems.error(f.subject, f.value, f.expected);
    for (const w of findings.warnings) this.problems.warn(w);
  }

  /** Warnings about the declaration (a filter that looks like a regular expression). */
  get warnings(): readonly string[] {
    return this.problems.warnings;
  }

  /** Every panel with its row and position, for messages: `rows[0].panels[1]`. */
  get panels(): ReadonlyArray<{ readonly path: string; readonly panel: DashboardPanelProps; readonly row: number }> {
    return this.rows.flatMap((r, i) => r.panels.map((panel, j) => ({ path: `rows[${i}].panels[${j}]`, panel, row: i })));
  }
}
