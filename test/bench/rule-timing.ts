/**
 * Alert timing of the derived rule form against the Sloth-shaped one, measured with the current
 * promtool on the same input series (test/support/sloth.ts' replay): for each SLO of one workload
 * service, a total outage and a burn just above each tier's fastest threshold, after a healthy stretch
 * that fills the windows. Reports when each tier first fires and last fires, counted from the burn's start and end.
 */
import { MonitoringApp, Service, type RuleForm } from '../../lib';
import type { Slo } from '../../lib/model/slo';
import { serviceGroups } from '../../lib/slo';
import { replay, scenarioReplay, sloGroups, type Scenario } from '../support/sloth';
import { defineWorkload } from './workload';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface TimingScenario extends Scenario {
  /** When the burn starts and ends (ms from the start). */
  readonly burnFromMs: number;
  readonly burnToMs: number;
}

/** A burn at `rate` × the budget for `ms`, after `healthyMs`, then healthy for as long (at least 6 h). */
function burn(name: string, rate: number | 'outage', healthyMs: number, ms: number, evalMs: number, every = 1): TimingScenario {
  return {
    name, evalMs, errorsFromStart: true, burnFromMs: healthyMs, burnToMs: healthyMs + ms,
    phases: [{ burn: 0, ms: healthyMs, every }, { burn: rate, ms }, { burn: 0, ms: Math.max(ms, 6 * HOUR) }],
  };
}

function scenarios(slo: Slo): TimingScenario[] {
  // The first whole burn rate ≥ 1.1 × the tier's fastest factor: whole events per sample keep promtool's
  // repeated additions exact (a fractional ramp can end a hair above the next written value, a counter reset).
  const above = (severity: 'page' | 'ticket') => Math.ceil(1.1 * Math.max(...slo.tier(severity).map((w) => w.factor)));
  return [
    burn('total outage', 'outage', 6 * HOUR, HOUR, MIN),
    burn(`${above('page')}× burn (page threshold ${Math.max(...slo.tier('page').map((w) => w.factor))}×)`, above('page'), 6 * HOUR, 2 * HOUR, MIN),
    // The ticket's 1d window is filled by a day of healthy samples; 5m evaluations keep the run short.
    burn(`${above('ticket')}× burn (ticket threshold ${Math.max(...slo.tier('ticket').map((w) => w.factor))}×)`, above('ticket'), DAY, DAY, 5 * MIN),
  ];
}

export interface TimingRow {
  readonly slo: string;
  readonly scenario: string;
  readonly severity: string;
  /** Minutes from the burn's start to the first firing evaluation, per form (undefined: never fired). */
  readonly fires: Readonly<Record<RuleForm, number | undefined>>;
  /** Minutes from the burn's end to the first evaluation no longer firing. */
  readonly resolves: Readonly<Record<RuleForm, number | undefined>>;
}

function groupsOf(ruleForm: RuleForm) {
  const app = new MonitoringApp({ outdir: '/nonexistent', ruleForm });
  defineWorkload(app, 1);
  const service = app.node.findAll().filter(Service.isService)[0]!;
  return { service, groups: serviceGroups(app.settings, service) };
}

export async function measureAlertTiming(): Promise<TimingRow[]> {
  const forms = { sloth: groupsOf('sloth'), derived: groupsOf('derived') };
  const rows: TimingRow[] = [];
  for (const slo of forms.derived.service.slos) {
    for (const s of scenarios(slo)) {
      const input = scenarioReplay({ slo }, s);
      const results = {
        sloth: await replay(sloGroups(forms.sloth.groups, slo.id), input),
        derived: await replay(sloGroups(forms.derived.groups, slo.id), input),
      };
      for (const severity of ['page', 'ticket']) {
        const key = `${slo.alertName} ${severity}`;
        const at = (form: RuleForm, f: (span: { first: number; last: number }) => number) => {
          const span = results[form].alerts.get(key);
          return span === undefined ? undefined : f(span);
        };
        const fire = (form: RuleForm) => at(form, (x) => (x.first * s.evalMs - s.burnFromMs) / MIN);
        const resolve = (form: RuleForm) => at(form, (x) => ((x.last + 1) * s.evalMs - s.burnToMs) / MIN);
        // A tier that fires on neither side says nothing about timing.
        if (fire('sloth') === undefined && fire('derived') === undefined) continue;
        rows.push({ slo: slo.name, scenario: s.name, severity, fires: { sloth: fire('sloth'), derived: fire('derived') }, resolves: { sloth: resolve('sloth'), derived: resolve('derived') } });
      }
    }
  }
  return rows;
}

const min = (x: number | undefined) => (x === undefined ? 'never' : `${x.toFixed(0)} min`);
const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '–' : `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(0)} min`);

export function timingTable(rows: readonly TimingRow[]): string[] {
  return [
    '| SLO | scenario | tier | fires after (sloth form / derived) | derived later by | resolves after the burn (sloth form / derived) |',
    '|---|---|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.slo} | ${r.scenario} | ${r.severity} | ${min(r.fires.sloth)} / ${min(r.fires.derived)} | ${diff(r.fires.sloth, r.fires.derived)} | ${min(r.resolves.sloth)} / ${min(r.resolves.derived)} |`),
  ];
}
