/** Everything generated for the whole platform stays the same size as services are added (issue 12). */
import { describe, expect, it } from 'vitest';
import { MonitoringApp } from '../../lib';
import { defineWorkload, TEAMS } from '../bench/workload';

function platformWide(n: number): Map<string, string> {
  const app = new MonitoringApp();
  defineWorkload(app, n);
  const out = app.render();
  const files = [...out.files].filter(([p]) => p === 'grafana/dashboards/slo-overview.json' || p.startsWith('alertmanager/alertmanager.yml') || p.startsWith('grafana/provisioning/'));
  const objects = out.manifests.filter((m) => m.kind === 'AlertmanagerConfig' || m.metadata.name === 'grafana-dashboard-slo-overview').map((m) => [`${m.kind}/${m.metadata.name}`, JSON.stringify(m)] as const);
  return new Map([...files, ...objects]);
}

describe('platform-wide output', () => {
  it(`is byte-identical for ${TEAMS} and ${4 * TEAMS} services of the same ${TEAMS} teams`, () => {
    const small = platformWide(TEAMS);
    const large = platformWide(4 * TEAMS);
    expect([...small.keys()]).toContain('grafana/dashboards/slo-overview.json');
    expect([...small.keys()].filter((k) => k.startsWith('AlertmanagerConfig/'))).toHaveLength(TEAMS);
    expect(large).toEqual(small);
  });
});
